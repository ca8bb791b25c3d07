using Bulwark.Core.Masking;

namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>
/// Checks of gate steps that need the whole job: required <c>with:</c> keys, credentials that must come from the
/// job's <c>secrets:</c>, and the network a scan of a deployed service needs. Without them the step could only
/// fail at run time, after the jobs before it.
/// </summary>
internal static class GateStepChecks
{
    public static void Check(JobDefinition job, PipelineErrors errors)
    {
        foreach (var step in job.Steps)
        {
            if (step.Uses is not { } gate)
            {
                continue;
            }
            var name = PipelineDefaults.GatePrefix + gate;
            if (PipelineDefaults.RequiredGateParameters.TryGetValue(gate, out var required))
            {
                foreach (var key in required.Where(k => !step.With.ContainsKey(k)))
                {
                    errors.Add($"{name} in job '{job.Name}' needs '{key}' under 'with:' (e.g. with: {{ {key}: {Example(key)} }})", step.Line, step.Column);
                }
            }
            if (gate == PipelineDefaults.NetworkGate && job.Network != JobNetwork.Egress)
            {
                errors.Add($"{name} in job '{job.Name}' needs 'network: egress' on its job: without it the gate has no network and cannot reach the service", step.Line, step.Column);
            }
            if (PipelineDefaults.SecretGateParameters.TryGetValue(gate, out var secretKey) && step.With.TryGetValue(secretKey, out var text))
            {
                // The message never repeats the value: it may be the very credential that belongs in the secrets store.
                if (!SecretReference.TryParse(text, out _, out _, out var secret))
                {
                    errors.Add($"{name}: '{secretKey}' must take its credential from a secret of the job, written as one ${{{{ secrets.NAME }}}} reference "
                        + "(e.g. 'Authorization: Bearer ${{ secrets.STAGING_TOKEN }}')", step.Line, step.Column);
                }
                else if (!job.Secrets.Contains(secret, StringComparer.Ordinal))
                {
                    errors.Add($"{name}: '{secretKey}' uses the secret {secret}, which job '{job.Name}' does not list under 'secrets:'", step.Line, step.Column);
                }
            }
        }
    }

    private static string Example(string key) => key == "url" ? "https://staging.example.com" : "…";
}
