namespace Bulwark.Core.Findings;

/// <summary>
/// One problem a gate found. <see cref="Evidence"/> is always already redacted: a finding never carries
/// the secret or payload itself, so no writer can leak it.
/// </summary>
public sealed record Finding(
    string RuleId,
    string Title,
    Severity Severity,
    Location Location,
    string Message,
    string Fingerprint,
    string Evidence)
{
    /// <summary>Extra facts for machines (entropy, notebook cell index, ...); written to JSON and SARIF properties.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = EmptyProperties;

    /// <summary>
    /// Extra facts whose value is a list (an advisory's aliases, a package's fixed versions); written as JSON
    /// arrays in the JSON and SARIF reports.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ListProperties { get; init; } = EmptyListProperties;

    /// <summary>Extra facts whose value is a list of integers (a dataset finding's row numbers); written as JSON number arrays.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<long>> NumberListProperties { get; init; } = EmptyNumberListProperties;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<long>> EmptyNumberListProperties = new Dictionary<string, IReadOnlyList<long>>();
    private static readonly IReadOnlyDictionary<string, string> EmptyProperties = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> EmptyListProperties = new Dictionary<string, IReadOnlyList<string>>();
}
