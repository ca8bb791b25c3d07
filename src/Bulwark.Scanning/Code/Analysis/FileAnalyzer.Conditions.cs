using Bulwark.Scanning.Code.Python;
using Bulwark.Scanning.Code.Rules;

namespace Bulwark.Scanning.Code.Analysis;

internal sealed partial class FileAnalyzer
{
    private enum ArgumentState { Missing, Present, Unknown }

    private static readonly string[] SqlWords = ["select ", "insert into", "update ", "delete from", "drop table", "create table", " where ", "pragma ", "alter table", "truncate "];

    /// <summary>Whether every condition of <paramref name="rule"/> holds for a call (or an assigned value); the taint that made a data-flow condition true.</summary>
    private bool Holds(CodeRule rule, CallExpr? call, Expr? assigned, out Taint? source) => Holds(rule, call, assigned, out source, out _);

    /// <param name="keywordOffset">Where an explicit keyword argument that made a value condition true is
    /// written (trust_remote_code=True on its own line of a long call): the finding points there.</param>
    private bool Holds(CodeRule rule, CallExpr? call, Expr? assigned, out Taint? source, out int? keywordOffset)
    {
        source = null;
        keywordOffset = null;
        if (call is not null && call.Keywords.Count == 0 && rule.NeedsKeywords)
        {
            return false;
        }
        foreach (var condition in rule.Conditions)
        {
            var (value, state) = condition.IsAssignedValue ? (assigned, assigned is null ? ArgumentState.Missing : ArgumentState.Present) : Argument(call, condition);
            if (!Test(condition, value, state, ref source))
            {
                return false;
            }
            if (keywordOffset is null && call is not null && value is not null && condition.Test is ConditionTest.IsTrue or ConditionTest.IsFalse or ConditionTest.In or ConditionTest.IsLiteralSecret
                && call.Keywords.FirstOrDefault(k => k.Name is not null && ReferenceEquals(k.Value, value)) is { } keyword)
            {
                keywordOffset = keyword.Offset;
            }
        }
        return true;
    }

    private bool Test(RuleCondition condition, Expr? value, ArgumentState state, ref Taint? source)
    {
        if (state == ArgumentState.Unknown)
        {
            // Hidden in **kwargs we cannot see: do not guess.
            return false;
        }
        var present = state == ArgumentState.Present && value is not null;
        var constant = present ? ConstantOf(value) : null;
        switch (condition.Test)
        {
            case ConditionTest.IsTrue: return constant?.Kind == ConstantKind.True;
            case ConditionTest.IsFalse: return constant?.Kind == ConstantKind.False || (constant?.Kind == ConstantKind.Number && constant.Value == "0");
            case ConditionTest.IsNotTrue: return !present || (constant is not null && constant.Kind != ConstantKind.True);
            case ConditionTest.IsNotFalse: return !present || (constant is not null && constant.Kind != ConstantKind.False);
            case ConditionTest.IsMissing: return !present;
            case ConditionTest.IsPresent: return present;
            case ConditionTest.In: return present && IsOneOf(value!, constant, condition.Values);
            case ConditionTest.NotIn: return !present || !IsOneOf(value!, constant, condition.Values);
            case ConditionTest.Has: return present && Contains(value!, condition.Values, 0);
            case ConditionTest.IsLiteralSecret: return constant is { Kind: ConstantKind.String } && LooksLikeSecret(constant.Value);
        }
        if (!present)
        {
            return false;
        }
        var taint = TaintOf(value, 0);
        var holds = condition.Test switch
        {
            ConditionTest.IsTainted => taint is not null,
            ConditionTest.IsUserControlled => taint is { IsUserControlled: true },
            ConditionTest.IsRemoteInput => taint is { IsRemoteInput: true },
            ConditionTest.IsDownloaded => taint is { Kind: TaintKind.Network },
            ConditionTest.IsDynamicSql => taint is not null || IsFormattedSql(value!),
            _ => false,
        };
        if (holds && taint is not null)
        {
            source ??= taint;
        }
        return holds;
    }

    private bool IsFormattedSql(Expr value)
    {
        var (formatted, literal) = Formatting(value, 0);
        if (!formatted || literal is null)
        {
            return false;
        }
        var text = literal.ToLowerInvariant();
        return SqlWords.Any(text.Contains);
    }

    private bool IsOneOf(Expr value, ConstantExpr? constant, IReadOnlyList<string> values)
    {
        if (constant is not null)
        {
            return values.Contains(constant.Value, StringComparer.Ordinal);
        }
        return Qualify(value, 0) is { } name && values.Contains(name, StringComparer.Ordinal);
    }

    /// <summary>Whether a string literal inside the value (alone, in a list, or in concatenation) contains one of the texts ("x$": ends with x).</summary>
    private bool Contains(Expr value, IReadOnlyList<string> texts, int depth)
    {
        if (depth > 16)
        {
            return false;
        }
        switch (value)
        {
            case ConstantExpr { Kind: ConstantKind.String } constant:
                return texts.Any(t => t.EndsWith('$') ? constant.Value.EndsWith(t[..^1], StringComparison.Ordinal) : constant.Value.Contains(t, StringComparison.Ordinal));
            case FStringExpr fstring:
                return texts.Any(t => !t.EndsWith('$') && fstring.Literal.Contains(t, StringComparison.Ordinal));
            case SequenceExpr sequence:
                return sequence.Elements.Any(e => Contains(e, texts, depth + 1));
            case BinaryExpr binary:
                return Contains(binary.Left, texts, depth + 1) || Contains(binary.Right, texts, depth + 1);
            case NameExpr name when _scope.Lookup(name.Id)?.Constant is { } bound:
                return Contains(bound, texts, depth + 1);
            default:
                return false;
        }
    }

    private static bool LooksLikeSecret(string value)
    {
        if (value.Length < 6 || value.Length > 200 || value.Any(char.IsWhiteSpace))
        {
            return false;
        }
        // Words and identifiers (GITHUB_TOKEN, number-literal-token) name a credential; they are not one.
        if (value.All(c => char.IsAsciiLetter(c) || c is '_' or '-' or '.' or ':'))
        {
            return false;
        }
        var lower = value.ToLowerInvariant();
        string[] placeholders = ["<", ">", "{", "}", "$", "your", "xxx", "***", "...", "example", "placeholder", "changeme", "dummy", "redacted", "test", "none", "null"];
        return !placeholders.Any(lower.Contains) && value.Distinct().Count() > 3;
    }

    /// <summary>The argument a condition names: by position, by keyword (glob), or inside a **{...} / **name dict literal or dict(...) call.</summary>
    private (Expr? Value, ArgumentState State) Argument(CallExpr? call, RuleCondition condition)
    {
        if (call is null)
        {
            return (null, ArgumentState.Missing);
        }
        var starredAt = -1;
        for (var i = 0; i < call.Args.Count; i++)
        {
            if (call.Args[i] is StarredExpr)
            {
                starredAt = i;
                break;
            }
        }
        foreach (var position in condition.Positions)
        {
            if (position < call.Args.Count && (starredAt < 0 || starredAt > position))
            {
                return (call.Args[position], ArgumentState.Present);
            }
        }
        var unknown = starredAt >= 0 && condition.Positions.Count > 0;
        foreach (var keyword in call.Keywords)
        {
            if (keyword.Name is not null)
            {
                if (condition.MatchesKeyword(keyword.Name))
                {
                    return (keyword.Value, ArgumentState.Present);
                }
                continue;
            }
            switch (Unpacked(keyword.Value))
            {
                case null:
                    unknown = true;
                    break;
                case var entries:
                    foreach (var (key, entry) in entries)
                    {
                        if (condition.MatchesKeyword(key))
                        {
                            return (entry, ArgumentState.Present);
                        }
                    }
                    break;
            }
        }
        return (null, unknown ? ArgumentState.Unknown : ArgumentState.Missing);
    }

    /// <summary>The entries of a **mapping when it is a dict literal, a name bound to one, or dict(k=v); null when unknowable.</summary>
    private List<(string Key, Expr Value)>? Unpacked(Expr mapping)
    {
        if (DictOf(mapping) is { } dict)
        {
            var entries = new List<(string, Expr)>();
            for (var i = 0; i < dict.Keys.Count; i++)
            {
                if (dict.Keys[i] is ConstantExpr { Kind: ConstantKind.String } key)
                {
                    entries.Add((key.Value, dict.Values[i]));
                }
                else
                {
                    return null;
                }
            }
            return entries;
        }
        var call = mapping as CallExpr ?? (mapping is NameExpr name ? _scope.Lookup(name.Id)?.FromCall : null);
        if (call is not null && Qualify(call.Func, 0) == "dict" && call.Args.Count == 0 && call.Keywords.All(k => k.Name is not null))
        {
            return [.. call.Keywords.Select(k => (k.Name!, k.Value))];
        }
        return null;
    }
}
