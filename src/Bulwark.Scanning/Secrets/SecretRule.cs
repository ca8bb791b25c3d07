using System.Text.RegularExpressions;
using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Secrets;

/// <summary>
/// One secret-detection rule, loaded from data. The regex is compiled with NonBacktracking, so a rule can be
/// slow to match but never exponential. Compiling a NonBacktracking regex is costly (bounded repetitions are
/// unrolled: up to half a second for a long fixed-length token), so built-in rules compile on first use —
/// a scan pays only for the rules whose keywords it meets.
/// </summary>
internal sealed record SecretRule
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required Severity Severity { get; init; }
    public required Lazy<Regex> CompiledRegex { get; init; }

    public Regex Regex => CompiledRegex.Value;

    /// <summary>Lower-case literals; the rule runs only on lines containing one. Empty: runs on all text.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Capture group holding the secret; 0 is the whole match.</summary>
    public int SecretGroup { get; init; }

    /// <summary>Minimum Shannon entropy (bits per char) of the secret, or null for none.</summary>
    public double? Entropy { get; init; }

    /// <summary>True when a match may span lines (PEM blocks): the rule sees up to 8 KB after the keyword's line.</summary>
    public bool Multiline { get; init; }

    /// <summary>A character run every match contains; lines without one skip the regex. Null: always run it.</summary>
    public RequiredRun? RequiredRun { get; init; }

    /// <summary>Only files whose path matches (gitleaks' <c>path</c>); combined with Regex when both are set.</summary>
    public Regex? PathRegex { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>Compiled on first use, like the regex: allowlist patterns of built-in rules can be large.</summary>
    public Lazy<IReadOnlyList<SecretAllowlist>> LazyAllowlists { get; init; } = new(() => []);

    public IReadOnlyList<SecretAllowlist> Allowlists => LazyAllowlists.Value;

    /// <summary>Must-match samples: each must yield a finding of this rule.</summary>
    public IReadOnlyList<string> TruePositives { get; init; } = [];

    /// <summary>Must-not-match samples: none may yield a finding of this rule.</summary>
    public IReadOnlyList<string> FalsePositives { get; init; } = [];

    /// <summary>Generic rules match any assignment to a secret-looking name, so their values get stricter filtering.</summary>
    public bool IsGeneric => Tags.Contains("generic");

    public RuleDescriptor Describe() => new(Id, Title, Description, Severity, SecretHelp.Text(Title))
    {
        Tags = ["secret", .. Tags],
    };
}
