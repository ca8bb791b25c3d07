namespace Bulwark.Core.Findings;

/// <summary>What a report says about a rule: SARIF's reportingDescriptor, the table's legend.</summary>
public sealed record RuleDescriptor(
    string Id,
    string Title,
    string Description,
    Severity Severity,
    string Help)
{
    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? HelpUri { get; init; }

    /// <summary>
    /// A 0.0–10.0 score for SARIF's <c>security-severity</c> (e.g. an advisory's CVSS base score); when null
    /// the report derives one from <see cref="Severity"/>.
    /// </summary>
    public double? SecuritySeverity { get; init; }
}
