namespace Bulwark.Scanning.Secrets;

/// <summary>
/// A confirmed match inside one chunk of text: positions are offsets into that chunk. The secret itself is
/// kept only until the finding is built (for entropy, fingerprint and redaction) and never leaves the scanner.
/// </summary>
internal readonly record struct SecretMatch(int RuleIndex, int Start, int Length, string Secret, double Entropy);

/// <summary>What the matcher needs to know about the content being scanned.</summary>
internal sealed record MatchContext(string Path, string? Commit, bool IsLockfile, bool[] RuleApplies);
