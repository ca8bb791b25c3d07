namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>The fixed vocabulary and defaults of <c>.bulwark.yml</c> (documented in docs/pipeline-reference.md).</summary>
internal static class PipelineDefaults
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(60);

    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    public const string GatePrefix = "bulwark/";

    /// <summary>The gates runners execute (the runner's gate catalogue must list exactly these; a test checks). <c>verify</c> is <c>verify-signature</c> by its CLI name.</summary>
    public static readonly IReadOnlyList<string> Gates = ["secrets-scan", "deps-audit", "model-scan", "verify-signature", "verify", "pipeline-audit", "data-check", "eval-gate", "code-scan", "dast"];

    /// <summary>The <c>with:</c> keys a gate cannot run without (the runner's catalogue marks the same ones required; a test checks).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RequiredGateParameters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["dast"] = ["url"],
    };

    /// <summary>The gate that needs its job's network (<c>network: egress</c>) to do anything at all.</summary>
    public const string NetworkGate = "dast";

    /// <summary>The <c>with:</c> keys whose value must reference a secret of the job (<c>${{ secrets.NAME }}</c>) instead of holding a credential.</summary>
    public static readonly IReadOnlyDictionary<string, string> SecretGateParameters = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dast"] = "auth-header",
    };

    public static readonly IReadOnlyList<string> Triggers = ["push", "pull_request", "tag", "manual", "schedule"];

    public static readonly IReadOnlyList<string> JobKeys =
        ["runs-on", "needs", "if", "env", "secrets", "timeout", "network", "environment", "artifacts", "steps"];

    public static readonly IReadOnlyList<string> StepKeys = ["name", "run", "uses", "with"];
}
