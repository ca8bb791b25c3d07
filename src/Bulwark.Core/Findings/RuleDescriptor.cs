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
}
