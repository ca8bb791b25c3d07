namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>The fixed vocabulary and defaults of <c>.bulwark.yml</c> (documented in docs/pipeline-reference.md).</summary>
internal static class PipelineDefaults
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(60);

    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    public const string GatePrefix = "bulwark/";

    public static readonly IReadOnlyList<string> Gates =
        ["secrets-scan", "deps-audit", "model-scan", "code-scan", "pipeline-audit", "data-check", "verify", "sign"];

    public static readonly IReadOnlyList<string> Triggers = ["push", "pull_request", "tag", "manual", "schedule"];

    public static readonly IReadOnlyList<string> JobKeys =
        ["runs-on", "needs", "if", "env", "secrets", "timeout", "network", "environment", "artifacts", "steps"];

    public static readonly IReadOnlyList<string> StepKeys = ["name", "run", "uses", "with"];
}
