using Bulwark.Core.Findings;

namespace Bulwark.Scanning.PipelineConfig.Audit;

/// <summary>How sure a rule is that a match is a real problem (reported as a tag and a finding property).</summary>
internal enum Confidence
{
    Low,
    Medium,
    High,
}

/// <summary>A sample pipeline file for a rule: <see cref="Path"/> decides how it is read (workflow, GitLab, …).</summary>
internal sealed record RuleSample(string Path, string Yaml);

/// <summary>
/// One audit rule as data: id (always containing its category word, e.g. <c>template-injection</c>), default
/// severity and confidence, the help text with the safe alternative, and samples a test runs through the whole
/// audit: every <see cref="MustMatch"/> sample yields this rule, no <see cref="MustNotMatch"/> sample does.
/// </summary>
internal sealed record AuditRule(string Id, string Title, string Description, Severity Severity, Confidence Confidence, string Help)
{
    public IReadOnlyList<RuleSample> MustMatch { get; init; } = [];

    public IReadOnlyList<RuleSample> MustNotMatch { get; init; } = [];

    /// <summary>Whether <c>--fix</c> can rewrite matches of this rule.</summary>
    public bool Fixable { get; init; }

    public RuleDescriptor Descriptor => new(Id, Title, Description, Severity, Help)
    {
        Tags = ["security", "ci-cd", "pipeline", $"confidence:{Confidence.ToString().ToLowerInvariant()}"],
    };
}
