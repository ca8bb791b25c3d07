namespace Bulwark.Scanning.Dependencies.Audit;

/// <summary>What to audit and how; unset values come from bulwark.toml's <c>[deps]</c> section, then defaults.</summary>
internal sealed record DependencyAuditRequest(string Path, string DataDirectory)
{
    /// <summary>Default for <see cref="MaxDatabaseAgeDays"/>: osv.dev publishes new advisories every day.</summary>
    public const int DefaultMaxDatabaseAgeDays = 7;

    public bool RespectIgnore { get; init; } = true;

    public IReadOnlyList<string> Exclude { get; init; } = [];

    public int? MaxDatabaseAgeDays { get; init; }

    public bool? SkipDevelopment { get; init; }

    public IReadOnlyList<string> IgnoreAdvisories { get; init; } = [];

    public int? Parallelism { get; init; }
}
