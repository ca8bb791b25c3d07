namespace Bulwark.Scanning.Secrets;

/// <summary>What an allowlist's regexes are tested against (gitleaks' <c>regexTarget</c>).</summary>
internal enum AllowlistTarget
{
    Secret,
    Match,
    Line,
}

/// <summary>
/// gitleaks-style allowlist: a candidate is allowed when any (condition OR) or all (condition AND) of the
/// given checks hold. Checks left empty do not take part.
/// </summary>
internal sealed record SecretAllowlist
{
    public string? Description { get; init; }
    public IReadOnlyList<RuleRegex> Regexes { get; init; } = [];
    public AllowlistTarget RegexTarget { get; init; } = AllowlistTarget.Secret;
    public IReadOnlyList<string> Stopwords { get; init; } = [];
    public IReadOnlyList<RuleRegex> Paths { get; init; } = [];
    public IReadOnlyList<string> Commits { get; init; } = [];
    public bool RequireAll { get; init; }

    public bool Allows(string secret, string match, string line, string path, string? commit)
    {
        var results = new List<bool>(4);
        if (Regexes.Count > 0)
        {
            var target = RegexTarget switch
            {
                AllowlistTarget.Match => match,
                AllowlistTarget.Line => line,
                _ => secret,
            };
            results.Add(Regexes.Any(r => r.IsMatch(target)));
        }
        if (Stopwords.Count > 0)
        {
            results.Add(Stopwords.Any(w => secret.Contains(w, StringComparison.OrdinalIgnoreCase)));
        }
        if (Paths.Count > 0)
        {
            results.Add(Paths.Any(r => r.IsMatch(path)));
        }
        if (Commits.Count > 0)
        {
            results.Add(commit is not null && Commits.Any(c => commit.StartsWith(c, StringComparison.OrdinalIgnoreCase)));
        }
        if (results.Count == 0)
        {
            return false;
        }
        return RequireAll ? results.All(r => r) : results.Any(r => r);
    }

    /// <summary>True when the allowlist can decide on the path alone, before any content is read.</summary>
    public bool AllowsPath(string path) =>
        Paths.Count > 0 && Regexes.Count == 0 && Stopwords.Count == 0 && Commits.Count == 0 && Paths.Any(r => r.IsMatch(path));
}
