namespace Bulwark.Core.Findings;

/// <summary>Everything one gate run produced, ready for a report writer.</summary>
public sealed record ScanReport(
    string Gate,
    string ScanRoot,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<RuleDescriptor> Rules,
    IReadOnlyList<Notice> Notices,
    ScanStatistics Statistics)
{
    /// <summary>Findings hidden by the baseline or inline suppressions; reported as suppressed in SARIF.</summary>
    public IReadOnlyList<Finding> Suppressed { get; init; } = [];
}

public sealed record ScanStatistics(long Files, long Bytes, TimeSpan Duration)
{
    public long Commits { get; init; }
}
