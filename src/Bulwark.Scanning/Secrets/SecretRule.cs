using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Secrets;

/// <summary>
/// One secret-detection rule, loaded from data. Its patterns are <see cref="RuleRegex"/>es: compiled at build
/// time for built-in rules, NonBacktracking for user rules; either way a rule can be slow to match but never
/// exponential.
/// </summary>
internal sealed record SecretRule
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required Severity Severity { get; init; }
    public required RuleRegex Regex { get; init; }

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
    public RuleRegex? PathRegex { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<SecretAllowlist> Allowlists { get; init; } = [];

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
