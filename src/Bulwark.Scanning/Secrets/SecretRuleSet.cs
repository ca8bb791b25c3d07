using System.Buffers;

namespace Bulwark.Scanning.Secrets;

/// <summary>
/// The rules of one scan plus the index the hot path needs: one vectorised multi-keyword search over all
/// rules' keywords, and for each keyword the rules it wakes up.
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
        KeywordSearch = SearchValues.Create(Keywords, StringComparison.OrdinalIgnoreCase);
        RulesByKeyword = Keywords.Select(k => byKeyword[k].ToArray()).ToArray();
        KeywordsByFirstChar = BuildFirstCharIndex(Keywords);
    }

    public IReadOnlyList<SecretRule> Rules { get; }
    public IReadOnlyList<SecretAllowlist> Allowlists { get; }

    /// <summary>Distinct lower-case keywords; index i matches <see cref="RulesByKeyword"/>[i].</summary>
    public string[] Keywords { get; }
    public SearchValues<string> KeywordSearch { get; }
    public int[][] RulesByKeyword { get; }

    /// <summary>Rules without keywords (possible in gitleaks configs): they run on all text.</summary>
    public IReadOnlyList<int> AlwaysRules { get; }

    /// <summary>For an ASCII first character (lower-cased), the indices of keywords starting with it.</summary>
    public int[][] KeywordsByFirstChar { get; }

    public IEnumerable<Core.Findings.RuleDescriptor> Describe() => Rules.Select(r => r.Describe());

    private static int[][] BuildFirstCharIndex(string[] keywords)
    {
        var index = new List<int>[128];
        for (var i = 0; i < keywords.Length; i++)
        {
            var first = keywords[i][0];
            var slot = first < 128 ? first : 0;
            (index[slot] ??= []).Add(i);
        }
        return index.Select(l => l?.ToArray() ?? []).ToArray();
    }
}
