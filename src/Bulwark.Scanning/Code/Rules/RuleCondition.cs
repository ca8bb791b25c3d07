namespace Bulwark.Scanning.Code.Rules;

internal enum ConditionTest
{
    IsTrue, IsFalse, IsNotTrue, IsNotFalse, IsMissing, IsPresent, IsLiteralSecret, IsDynamicSql,
    IsTainted, IsUserControlled, IsRemoteInput, IsDownloaded, In, NotIn, Has,
}

/// <summary>
/// One condition of a rule: which argument (positions "#n", keyword names or globs, or "value" for
/// assignments; the first one present is used) and the test on it. Parsed from text such as
/// <c>weights_only is not True</c>, <c>#1|Loader not in [yaml.SafeLoader]</c>, <c>#0 has "python_repl"</c>.
/// </summary>
internal sealed record RuleCondition(IReadOnlyList<int> Positions, IReadOnlyList<NameGlob> Keywords, ConditionTest Test, IReadOnlyList<string> Values)
{
    public bool IsAssignedValue => Keywords.Count == 1 && Keywords[0].Pattern == "value" && Positions.Count == 0;

    /// <summary>Only a keyword argument can satisfy this condition (no position, and the test needs the argument present).</summary>
    public bool NeedsKeyword => Positions.Count == 0 && !IsAssignedValue
        && Test is ConditionTest.IsTrue or ConditionTest.IsFalse or ConditionTest.IsPresent or ConditionTest.In or ConditionTest.Has
            or ConditionTest.IsLiteralSecret or ConditionTest.IsTainted or ConditionTest.IsUserControlled or ConditionTest.IsRemoteInput
            or ConditionTest.IsDownloaded or ConditionTest.IsDynamicSql;

    public bool MatchesKeyword(string name)
    {
        foreach (var keyword in Keywords)
        {
            if (keyword.Matches(name))
            {
                return true;
            }
        }
        return false;
    }

    /// <exception cref="FormatException">The text is not a condition.</exception>
    public static RuleCondition Parse(string text)
    {
        (string Separator, ConditionTest Test)[] forms =
        [
            (" is not True", ConditionTest.IsNotTrue), (" is not False", ConditionTest.IsNotFalse), (" is True", ConditionTest.IsTrue),
            (" is False", ConditionTest.IsFalse), (" is missing", ConditionTest.IsMissing), (" is present", ConditionTest.IsPresent),
            (" is literal-secret", ConditionTest.IsLiteralSecret), (" is dynamic-sql", ConditionTest.IsDynamicSql),
            (" is tainted", ConditionTest.IsTainted), (" is user-controlled", ConditionTest.IsUserControlled),
            (" is remote-input", ConditionTest.IsRemoteInput), (" is downloaded", ConditionTest.IsDownloaded),
            (" not in ", ConditionTest.NotIn), (" in ", ConditionTest.In), (" has ", ConditionTest.Has),
        ];
        foreach (var (separator, test) in forms)
        {
            var at = text.IndexOf(separator, StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }
            var rest = text[(at + separator.Length)..].Trim();
            if (separator.EndsWith(' ') == (rest.Length == 0))
            {
                continue;
            }
            var positions = new List<int>();
            var keywords = new List<NameGlob>();
            foreach (var argument in text[..at].Split('|', StringSplitOptions.TrimEntries))
            {
                if (argument.StartsWith('#') && int.TryParse(argument.AsSpan(1), out var position))
                {
                    positions.Add(position);
                }
                else
                {
                    keywords.Add(new NameGlob(argument));
                }
            }
            return new RuleCondition(positions, keywords, test, ParseValues(test, rest));
        }
        throw new FormatException($"not a condition: '{text}'");
    }

    private static List<string> ParseValues(ConditionTest test, string rest)
    {
        switch (test)
        {
            case ConditionTest.In or ConditionTest.NotIn:
                if (!rest.StartsWith('[') || !rest.EndsWith(']'))
                {
                    throw new FormatException($"expected [a, b] after 'in', got '{rest}'");
                }
                return [.. rest[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => v.Trim('"'))];
            case ConditionTest.Has:
                return [.. rest.Trim('"').Replace("\\\"", "\"", StringComparison.Ordinal).Split('|')];
            default:
                return [];
        }
    }
}
