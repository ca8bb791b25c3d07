using Bulwark.Core.Findings;

namespace Bulwark.Runner.Gates;

/// <summary>
/// Turns a step's <c>with:</c> into CLI arguments. The values come from the repository, so no value may become
/// an option or a response file (<c>-x</c>, <c>@file</c>), and paths must resolve inside the workspace.
/// </summary>
internal static class GateArguments
{
    private const int MaxValueLength = 4096;

    /// <summary>The arguments after the gate's command; <paramref name="workspace"/> is the workspace as the gate sees it.</summary>
    /// <exception cref="GateUsageException">An unknown key or an unacceptable value.</exception>
    public static List<string> Build(GateDefinition gate, IReadOnlyDictionary<string, string> with, string workspace)
    {
        var args = new List<string>();
        string? positional = null;
        foreach (var (key, value) in with.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            var parameter = gate.Parameters.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.Ordinal))
                ?? throw new GateUsageException($"gate {gate.Name} has no parameter '{key}' (known: {string.Join(", ", gate.Parameters.Select(p => p.Key))})");
            if (value.Length > MaxValueLength || (value.Any(char.IsControl) && parameter.Kind is not (GateValueKind.List or GateValueKind.PathList)))
            {
                throw new GateUsageException($"{gate.Name}: '{key}' is too long or contains control characters");
            }
            if (parameter.Kind == GateValueKind.Secret)
            {
                // Resolved by GateSecrets into the gate's environment: a secret never goes on a command line.
                continue;
            }
            if (parameter.Option is null)
            {
                positional = parameter.Kind == GateValueKind.Path ? InsideWorkspace(gate, key, value, workspace) : Plain(gate, key, value);
                continue;
            }
            switch (parameter.Kind)
            {
                case GateValueKind.Flag:
                    if (Flag(gate, key, value))
                    {
                        args.Add(parameter.Option);
                    }
                    break;
                case GateValueKind.List or GateValueKind.PathList:
                    foreach (var item in value.Split([',', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    {
                        args.AddRange([parameter.Option, parameter.Kind == GateValueKind.List ? Plain(gate, key, item) : InsideWorkspace(gate, key, item, workspace)]);
                    }
                    break;
                default:
                    args.AddRange([parameter.Option, Single(gate, parameter, value, workspace)]);
                    break;
            }
        }
        if (gate.Parameters.FirstOrDefault(p => p.Required && !with.ContainsKey(p.Key)) is { } missing)
        {
            throw new GateUsageException($"gate {gate.Name} needs '{missing.Key}': {missing.Description}");
        }
        if (positional is not null || gate.TakesPath)
        {
            args.Add(positional ?? workspace);
        }
        return args;
    }

    private static string Single(GateDefinition gate, GateParameter parameter, string value, string workspace) => parameter.Kind switch
    {
        GateValueKind.Path => InsideWorkspace(gate, parameter.Key, value, workspace),
        GateValueKind.PathOrUrl => IsUrl(value.Trim()) ? Plain(gate, parameter.Key, value) : InsideWorkspace(gate, parameter.Key, value, workspace),
        GateValueKind.Severity => SeverityNames.TryParse(value, out var severity)
            ? severity.ToName()
            : throw new GateUsageException($"{gate.Name}: '{parameter.Key}' must be one of {string.Join(", ", SeverityNames.All)}, not '{value}'"),
        GateValueKind.Number => value.Length is > 0 and <= 9 && value.All(char.IsAsciiDigit)
            ? value
            : throw new GateUsageException($"{gate.Name}: '{parameter.Key}' must be a whole number, not '{value}'"),
        _ => Plain(gate, parameter.Key, value),
    };

    private static bool IsUrl(string value) =>
        value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static bool Flag(GateDefinition gate, string key, string value) => value switch
    {
        "true" => true,
        "false" => false,
        _ => throw new GateUsageException($"{gate.Name}: '{key}' must be true or false, not '{value}'"),
    };

    /// <summary>A value that the CLI's parser can only read as a value.</summary>
    private static string Plain(GateDefinition gate, string key, string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed[0] is '-' or '@' || trimmed.Any(char.IsControl))
        {
            throw new GateUsageException($"{gate.Name}: '{key}' must not be empty or start with '-' or '@'");
        }
        return trimmed;
    }

    private static string InsideWorkspace(GateDefinition gate, string key, string value, string workspace)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.Contains('\0', StringComparison.Ordinal))
        {
            throw new GateUsageException($"{gate.Name}: '{key}' must be a path inside the workspace");
        }
        var root = workspace.TrimEnd('/');
        var full = Path.GetFullPath(trimmed, root + "/");
        if (full != root && !full.StartsWith(root + "/", StringComparison.Ordinal))
        {
            throw new GateUsageException($"{gate.Name}: '{key}' ({trimmed}) must stay inside the workspace");
        }
        return full.Length > root.Length ? full.TrimEnd('/') : root;
    }
}
