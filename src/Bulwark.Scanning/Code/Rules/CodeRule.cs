using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Code.Rules;

internal enum CodeRuleKind
{
    /// <summary>A call whose callee resolves to one of the rule's names.</summary>
    Call,

    /// <summary>Any use of a name (ssl.CERT_NONE), called or not.</summary>
    Reference,

    /// <summary>An assignment to an attribute (c.ServerApp.token = '').</summary>
    Assign,
}

/// <summary>
/// One static-analysis rule as data (see code-rules.toml): id (which starts with its category word), what it
/// matches, the conditions that must all hold, and samples that a test runs through the real engine.
/// </summary>
internal sealed record CodeRule(string Id, CodeRuleKind Kind, Severity Severity, string Title, string Help, IReadOnlyList<NameGlob> Names, IReadOnlyList<RuleCondition> Conditions)
{
    public IReadOnlyList<string> MustMatch { get; init; } = [];

    /// <summary>Some condition can only hold through a keyword argument: calls without keywords skip the rule.</summary>
    public bool NeedsKeywords { get; } = Kind == CodeRuleKind.Call && Conditions.Any(c => c.NeedsKeyword);

    public IReadOnlyList<string> MustNotMatch { get; init; } = [];

    /// <summary>The category word: the id up to its second dash-separated part (unsafe-deserialization, sql-injection, …).</summary>
    public string Category => CodeCategories.Of(Id);

    public RuleDescriptor Descriptor => new(Id, Title, Title, Severity, Help)
    {
        Tags = ["security", "python", "ml", Category],
    };
}

/// <summary>The nine categories; every rule id starts with one of them.</summary>
internal static class CodeCategories
{
    public static readonly IReadOnlyList<string> All =
    [
        "unsafe-deserialization", "remote-code", "code-injection", "sql-injection", "path-traversal",
        "tls-disabled", "insecure-serving", "weak-crypto", "hardcoded-credential",
    ];

    public static string Of(string ruleId) => All.FirstOrDefault(c => ruleId.StartsWith(c, StringComparison.Ordinal)) ?? "other";
}
