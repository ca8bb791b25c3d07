using Bulwark.Core.Findings;
using Bulwark.Scanning.Secrets;

namespace Bulwark.Scanning.Web;

/// <summary>
/// The secret-scanning rules applied to response text: to report secrets a service leaks, and to redact any
/// secret from evidence before it reaches a report. One matcher behind a lock (matchers are not thread-safe).
/// </summary>
internal sealed class SecretFinder
{
    private readonly SecretRuleSet _rules = SecretRuleLoader.LoadDefault();
    private readonly SecretMatcher _matcher;
    private readonly bool[] _allRules;
    private readonly Lock _lock = new();

    public SecretFinder()
    {
        _matcher = new SecretMatcher(_rules);
        _allRules = new bool[_rules.Rules.Count];
        Array.Fill(_allRules, true);
    }

    public IReadOnlyList<SecretRule> Rules => _rules.Rules;

    public List<SecretMatch> Find(string text, string path)
    {
        var results = new List<SecretMatch>();
        lock (_lock)
        {
            _matcher.Match(text, 0, text.Length, new MatchContext(path, null, false, _allRules), results);
        }
        return results;
    }

    /// <summary>The text with every secret replaced by its redacted form (first characters and length).</summary>
    public string Redact(string text)
    {
        var matches = Find(text, "evidence");
        foreach (var match in matches.OrderByDescending(m => m.Start))
        {
            text = string.Concat(text.AsSpan(0, match.Start), Redaction.Redact(match.Secret), text.AsSpan(match.Start + match.Length));
        }
        return text;
    }
}
