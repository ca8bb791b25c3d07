using Bulwark.Core.Masking;

namespace Bulwark.Runner.Gates;

/// <summary>
/// Resolves a gate's <see cref="GateValueKind.Secret"/> parameters: the <c>with:</c> text holds exactly one
/// <c>${{ secrets.NAME }}</c> reference to a secret the job was given, and the text with the reference replaced
/// becomes an environment variable of the gate. The job's masker already knows the secret's value, so the
/// credential is masked in the log in every form; messages here never repeat a value, which might be a literal
/// credential written where a reference belongs.
/// </summary>
internal static class GateSecrets
{
    /// <summary>Environment variable name to resolved value, for every secret parameter the step sets.</summary>
    /// <exception cref="GateUsageException">A value without a reference, a secret the job does not have, or a value with a line break.</exception>
    public static Dictionary<string, string> Resolve(GateDefinition gate, IReadOnlyDictionary<string, string> with, IReadOnlyDictionary<string, string> secrets)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in gate.Parameters.Where(p => p.Kind == GateValueKind.Secret))
        {
            if (!with.TryGetValue(parameter.Key, out var text))
            {
                continue;
            }
            if (!SecretReference.TryParse(text, out var start, out var end, out var name))
            {
                throw new GateUsageException($"{gate.Name}: '{parameter.Key}' must take its credential from a secret of the job, "
                    + $"written as one ${{{{ secrets.NAME }}}} reference (e.g. 'Authorization: Bearer ${{{{ secrets.STAGING_TOKEN }}}}')");
            }
            if (!secrets.TryGetValue(name, out var secret))
            {
                throw new GateUsageException($"{gate.Name}: '{parameter.Key}' uses the secret {name}, which this job was not given (list it under the job's secrets:)");
            }
            var value = string.Concat(text.AsSpan(0, start), secret, text.AsSpan(end)).Trim();
            if (value.Any(char.IsControl))
            {
                throw new GateUsageException($"{gate.Name}: '{parameter.Key}': the secret {name} holds a line break or another control character");
            }
            environment[parameter.Variable!] = value;
        }
        return environment;
    }
}
