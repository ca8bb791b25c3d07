namespace Bulwark.Scanning.Secrets;

/// <summary>
/// The rules of one scan plus the index the hot path needs: one fast multi-keyword search over all rules'
/// keywords, and for each keyword the rules it wakes up.
/// </summary>
internal sealed class SecretRuleSet
{
    public SecretRuleSet(IReadOnlyList<SecretRule> rules, IReadOnlyList<SecretAllowlist> allowlists)
    {
        Rules = rules;
        Allowlists = allowlists;
        var byKeyword = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        var always = new List<int>();
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Keywords.Count == 0)
            {
                always.Add(i);
                continue;
            }
            foreach (var keyword in rules[i].Keywords)
            {
                if (!byKeyword.TryGetValue(keyword, out var list))
                {
                    byKeyword[keyword] = list = [];
                }
                if (!list.Contains(i))
                {
                    list.Add(i);
                }
            }
        }
        AlwaysRules = always;
        Keywords = byKeyword.Keys.Select(k => k.ToLowerInvariant()).Distinct().ToArray();
        Prefilter = new KeywordPrefilter(Keywords);
        RulesByKeyword = Keywords.Select(k => byKeyword[k].ToArray()).ToArray();
    }

    public IReadOnlyList<SecretRule> Rules { get; }
    public IReadOnlyList<SecretAllowlist> Allowlists { get; }

    /// <summary>Distinct lower-case keywords; index i matches <see cref="RulesByKeyword"/>[i].</summary>
    public string[] Keywords { get; }
    public KeywordPrefilter Prefilter { get; }
    public int[][] RulesByKeyword { get; }

    /// <summary>Rules without keywords (possible in gitleaks configs): they run on all text.</summary>
    public IReadOnlyList<int> AlwaysRules { get; }

    public IEnumerable<Core.Findings.RuleDescriptor> Describe() => Rules.Select(r => r.Describe());
}
