namespace Bulwark.Scanning.PipelineConfig.Audit;

/// <summary>What to audit and how; see <see cref="PipelineAuditService"/>.</summary>
internal sealed record PipelineAuditRequest(string Path)
{
    /// <summary>The data directory holding the OSV index; null skips the known-vulnerable-action rule.</summary>
    public string? DataDirectory { get; init; }

    public bool RespectIgnore { get; init; } = true;

    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Added to bulwark.toml's <c>allowed_owners</c>.</summary>
    public IReadOnlyList<string> AllowedOwners { get; init; } = [];

    /// <summary>Plan the mechanical fixes (<see cref="PipelineAuditOutcome.Fixes"/>).</summary>
    public bool Fix { get; init; }

    public int? Parallelism { get; init; }

    public AuditLimits Limits { get; init; } = AuditLimits.Default;
}
