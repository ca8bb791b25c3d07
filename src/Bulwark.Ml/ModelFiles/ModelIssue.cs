using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles;

/// <summary>
/// One thing a format analyzer found. <see cref="Properties"/> carries the facts a person needs to decide:
/// for pickles <c>global</c> (<c>module.name</c>), <c>opcode</c>, <c>classification</c>; for containers what
/// is odd about the member.
/// </summary>
internal sealed record ModelIssue(RuleDescriptor Rule, Severity Severity, ModelLocation Location, string Message)
{
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}
