using Bulwark.Core.Policy;

namespace Bulwark.Scanning.Secrets;

/// <summary>
/// The hot path. Finds keyword hits with one multi-keyword prefilter pass, and runs only the rules those
/// keywords wake up, only on the lines that contain them. Not thread-safe: use one per worker.
/// </summary>
internal sealed class SecretMatcher
{
    /// <summary>How far from a keyword a single-line window reaches on very long (minified) lines.</summary>
    internal const int MaxLineReach = 4096;

    /// <summary>How far past the keyword's line a multiline rule (PEM blocks) may match.</summary>
    internal const int MultilineReach = 8192;

    /// <summary>Where a long line is cut at <see cref="MaxLineReach"/>, how far a match begun before the cut may run on.</summary>
    internal const int MatchOverhang = 1024;

    private readonly SecretRuleSet _rules;
    private readonly int[] _stamp;
    private readonly int[] _triggered;
    private readonly List<(int Index, int Length)> _candidates = [];
    private int _lineStamp;

    public SecretMatcher(SecretRuleSet rules)
    {
        _rules = rules;
        _stamp = new int[rules.Rules.Count];
        _triggered = new int[rules.Rules.Count];
    }

    /// <summary>
    /// Adds matches that start inside [acceptFrom, acceptTo) of <paramref name="text"/>. Text outside that range
    /// is context only: it belongs to the neighbouring chunk, which reports its matches.
    /// </summary>
    public void Match(ReadOnlySpan<char> text, int acceptFrom, int acceptTo, MatchContext context, List<SecretMatch> results)
    {
        var first = results.Count;
        var prefilter = _rules.Prefilter;
        var pos = Math.Max(0, acceptFrom - MaxLineReach);
        while (pos < text.Length)
        {
            var hit = prefilter.Next(text, pos, text.Length);
            if (hit < 0)
            {
                break;
            }
            var lineStart = LineStart(text, hit);
            var lineEnd = LineEnd(text, hit);
            if (lineStart >= acceptTo)
            {
                break;
            }
            var count = CollectTriggeredRules(text, hit, lineEnd, context.RuleApplies);
            var singleLineEnd = LineEnd(text, lineEnd, MatchOverhang);
            var multilineEnd = Math.Min(text.Length, lineEnd + MultilineReach);
            for (var i = 0; i < count; i++)
            {
                var windowEnd = _rules.Rules[_triggered[i]].Multiline ? multilineEnd : singleLineEnd;
                Evaluate(text, _triggered[i], lineStart, windowEnd, acceptFrom, acceptTo, context, results);
            }
            // Past the newline; on a long line cut at MaxLineReach, from the cut itself (a keyword may start there).
            pos = lineEnd < text.Length && text[lineEnd] == '\n' ? lineEnd + 1 : lineEnd;
        }
        foreach (var index in _rules.AlwaysRules)
        {
            if (context.RuleApplies[index])
            {
                Evaluate(text, index, 0, text.Length, acceptFrom, acceptTo, context, results);
            }
        }
        Deduplicate(results, first);
        DropGenericOverlaps(results, first);
    }

    /// <summary>
    /// A token a specific rule recognised (say a GitHub token assigned to <c>api_key</c>) is one finding, from the
    /// rule that knows what it is: generic matches overlapping a specific match are dropped.
    /// </summary>
    private void DropGenericOverlaps(List<SecretMatch> results, int first)
    {
        if (results.Count - first < 2)
        {
            return;
        }
        var write = first;
        for (var read = first; read < results.Count; read++)
        {
            var candidate = results[read];
            if (!_rules.Rules[candidate.RuleIndex].IsGeneric || !OverlapsSpecific(results, first, candidate))
            {
                results[write++] = candidate;
            }
        }
        results.RemoveRange(write, results.Count - write);
    }

    private bool OverlapsSpecific(List<SecretMatch> results, int first, SecretMatch generic)
    {
        for (var i = first; i < results.Count; i++)
        {
            var other = results[i];
            if (!_rules.Rules[other.RuleIndex].IsGeneric
                && other.Start < generic.Start + generic.Length
                && generic.Start < other.Start + other.Length)
            {
                return true;
            }
        }
        return false;
    }

    private int CollectTriggeredRules(ReadOnlySpan<char> text, int hit, int lineEnd, bool[] applies)
    {
        _lineStamp++;
        var count = 0;
        var p = hit;
        while (true)
        {
            var rest = text[p..];
            count = Trigger(rest, _rules.Prefilter.Candidates(rest), applies, count);
            count = Trigger(rest, _rules.Prefilter.ShortKeywords, applies, count);
            if (p + 1 >= lineEnd)
            {
                return count;
            }
            p = _rules.Prefilter.Next(text, p + 1, lineEnd);
            if (p < 0)
            {
                return count;
            }
        }
    }

    /// <summary>Marks the rules of every candidate keyword that really starts at <paramref name="rest"/>.</summary>
    private int Trigger(ReadOnlySpan<char> rest, int[] candidates, bool[] applies, int count)
    {
        foreach (var k in candidates)
        {
            if (!rest.StartsWith(_rules.Keywords[k], StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var r in _rules.RulesByKeyword[k])
            {
                if (_stamp[r] != _lineStamp && applies[r])
                {
                    _stamp[r] = _lineStamp;
                    _triggered[count++] = r;
                }
            }
        }
        return count;
    }

    private void Evaluate(ReadOnlySpan<char> text, int ruleIndex, int windowStart, int windowEnd, int acceptFrom, int acceptTo, MatchContext context, List<SecretMatch> results)
    {
        var rule = _rules.Rules[ruleIndex];
        var window = text[windowStart..windowEnd];
        if (rule.RequiredRun is { } run && !run.FoundIn(window))
        {
            // No match is possible; the regex is not run.
            return;
        }
        string? windowText = null;
        _candidates.Clear();
        rule.Regex.Matches(window, _candidates);
        foreach (var candidate in _candidates)
        {
            var start = windowStart + candidate.Index;
            if (start < acceptFrom || start >= acceptTo)
            {
                continue;
            }
            string secret;
            var secretStart = start;
            if (rule.SecretGroup == 0)
            {
                secret = window.Slice(candidate.Index, candidate.Length).ToString();
            }
            else
            {
                // EnumerateMatches has no captures; re-run the regex on exactly this match's span to get the group.
                windowText ??= window.ToString();
                if (rule.Regex.Group(windowText, candidate.Index, candidate.Length, rule.SecretGroup) is not { } group)
                {
                    continue;
                }
                secret = group.Value;
                secretStart = windowStart + group.Index;
            }
            var match = text.Slice(start, candidate.Length);
            var line = LineAround(text, start);
            var entropy = ShannonEntropy.Of(secret);
            if ((rule.Entropy is { } minimum && entropy < minimum)
                || InlineSuppression.IsSuppressed(line)
                || FalsePositiveFilter.IsFalsePositive(rule, secret, line, secretStart > 0 ? text[secretStart - 1] : '\n', context.IsLockfile)
                || IsAllowlisted(rule, secret, match, line, context))
            {
                continue;
            }
            results.Add(new SecretMatch(ruleIndex, start, candidate.Length, secret, entropy));
        }
    }

    private bool IsAllowlisted(SecretRule rule, string secret, ReadOnlySpan<char> match, ReadOnlySpan<char> line, MatchContext context)
    {
        if (rule.Allowlists.Count == 0 && _rules.Allowlists.Count == 0)
        {
            return false;
        }
        var matchText = match.ToString();
        var lineText = line.ToString();
        return rule.Allowlists.Any(a => a.Allows(secret, matchText, lineText, context.Path, context.Commit))
            || _rules.Allowlists.Any(a => a.Allows(secret, matchText, lineText, context.Path, context.Commit));
    }

    /// <summary>Overlapping windows on long lines can see one match twice; keep the first of each (rule, start).</summary>
    private static void Deduplicate(List<SecretMatch> results, int first)
    {
        if (results.Count - first < 2)
        {
            return;
        }
        var seen = new HashSet<(int, int)>();
        var write = first;
        for (var read = first; read < results.Count; read++)
        {
            if (seen.Add((results[read].RuleIndex, results[read].Start)))
            {
                results[write++] = results[read];
            }
        }
        results.RemoveRange(write, results.Count - write);
    }

    internal static int LineStart(ReadOnlySpan<char> text, int index)
    {
        var from = Math.Max(0, index - MaxLineReach);
        var newline = text[from..index].LastIndexOf('\n');
        return newline < 0 ? from : from + newline + 1;
    }

    internal static int LineEnd(ReadOnlySpan<char> text, int index, int reach = MaxLineReach)
    {
        var to = Math.Min(text.Length, index + reach);
        var newline = text[index..to].IndexOf('\n');
        return newline < 0 ? to : index + newline;
    }

    private static ReadOnlySpan<char> LineAround(ReadOnlySpan<char> text, int index) =>
        text[LineStart(text, index)..LineEnd(text, index)];
}
