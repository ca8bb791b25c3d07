namespace Bulwark.Scanning.Dependencies.Advisories;

/// <summary>
/// One OSV advisory, reduced to what an audit needs. See https://ossf.github.io/osv-schema/.
/// </summary>
internal sealed record Advisory
{
    public required string Id { get; init; }

    /// <summary>CVE / GHSA / other ids of the same vulnerability.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public string Summary { get; init; } = "";

    public DateTimeOffset? Modified { get; init; }

    public DateTimeOffset? Published { get; init; }

    /// <summary>When set, the advisory was withdrawn and must not be reported.</summary>
    public DateTimeOffset? Withdrawn { get; init; }

    /// <summary>Top-level <c>severity[]</c> entries: type (CVSS_V2, CVSS_V3, CVSS_V4, Ubuntu) and vector/score.</summary>
    public IReadOnlyList<SeverityScore> Severity { get; init; } = [];

    /// <summary><c>database_specific.severity</c> (e.g. GitHub's "HIGH"), the fallback when no vector is given.</summary>
    public string? DatabaseSeverity { get; init; }

    public IReadOnlyList<AffectedPackage> Affected { get; init; } = [];
}

internal sealed record SeverityScore(string Type, string Score);

/// <summary>One <c>affected[]</c> entry: the package, its ranges and explicit versions.</summary>
internal sealed record AffectedPackage
{
    public required string Ecosystem { get; init; }

    public required string Name { get; init; }

    public IReadOnlyList<AffectedRange> Ranges { get; init; } = [];

    /// <summary>Explicitly listed affected versions (<c>versions[]</c>).</summary>
    public IReadOnlyList<string> Versions { get; init; } = [];

    /// <summary>Per-package <c>severity[]</c>, which overrides the advisory's when present.</summary>
    public IReadOnlyList<SeverityScore> Severity { get; init; } = [];
}

internal sealed record AffectedRange(RangeType Type, IReadOnlyList<RangeEvent> Events);

internal enum RangeType
{
    Ecosystem,
    Semver,
    Git,
}

internal readonly record struct RangeEvent(RangeEventKind Kind, string Version);

internal enum RangeEventKind
{
    Introduced,
    Fixed,
    LastAffected,
    Limit,
}
