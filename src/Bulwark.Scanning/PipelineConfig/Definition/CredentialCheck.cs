using Bulwark.Core.Findings;
using Bulwark.Scanning.Secrets;

namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>
/// Refuses literal credentials in <c>env:</c> and <c>with:</c> values by running the secret scanner's default
/// rules over each value written as the line <c>NAME: "value"</c>: the name lets keyword rules
/// (<c>password</c>, <c>token</c>) fire, the quotes mark a literal, and the scanner's false-positive filters drop
/// placeholders and <c>${{ }}</c> references. The message shows only the redacted value. One instance per parse
/// (the matcher is not thread-safe); the compiled rule set is shared.
/// </summary>
internal sealed class CredentialCheck
{
    private static readonly Lazy<SecretRuleSet> Rules = new(() => SecretRuleLoader.LoadDefault());

    private readonly SecretMatcher _matcher = new(Rules.Value);
    private readonly MatchContext _context;
    private readonly List<SecretMatch> _matches = [];

    public CredentialCheck()
    {
        var applies = new bool[Rules.Value.Rules.Count];
        Array.Fill(applies, true);
        _context = new MatchContext(".bulwark.yml", null, false, applies);
    }

    public void Check(YamlEntry entry, string where, PipelineErrors errors)
    {
        if (Find(entry) is not { } hit)
        {
            return;
        }
        errors.Add(
            $"{where}.{entry.Key} holds a hard-coded credential ({hit.RuleTitle}: {hit.Redacted}); " +
            $"store it with 'bulwark secrets set {entry.Key} --project P' and list {entry.Key} under 'secrets:'",
            hit.Line,
            hit.Column);
    }

    /// <summary>The first credential in the entry's value, placed in the file, or null.</summary>
    public CredentialHit? Find(YamlEntry entry)
    {
        var value = entry.Value;
        var prefix = entry.Key + ": \"";
        var line = prefix + value.Value + "\"";
        _matches.Clear();
        _matcher.Match(line, 0, line.Length, _context, _matches);
        foreach (var match in _matches)
        {
            // A match may start at the name (keyword rules); its secret must lie inside the value.
            var at = match.Secret.Length == 0 ? -1 : line.IndexOf(match.Secret, prefix.Length, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }
            // Single-line values map back exactly; for a multi-line value, point at where it starts.
            var offset = at - prefix.Length;
            var singleLine = !value.Value.AsSpan(0, offset).Contains('\n');
            var rule = Rules.Value.Rules[match.RuleIndex];
            return new CredentialHit(rule.Id, rule.Title, Redaction.Redact(match.Secret), Fingerprint.DigestOf(match.Secret), value.Line, singleLine ? value.Column + offset : value.Column);
        }
        return null;
    }
}

/// <summary>A credential found in a value: the rule, the redacted text, a digest for fingerprints, and where it starts.</summary>
internal sealed record CredentialHit(string RuleId, string RuleTitle, string Redacted, string Digest, int Line, int Column);
