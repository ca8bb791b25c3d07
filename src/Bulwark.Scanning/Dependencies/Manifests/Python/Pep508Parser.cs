namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// Parses PEP 508 dependency specifiers (<c>name[extras] (specifiers) ; marker</c> and <c>name @ url ; marker</c>)
/// by hand: names, extras and version clauses are checked, markers are kept as written.
/// </summary>
internal static class Pep508Parser
{
    private static readonly string[] Operators = ["===", "==", "~=", "!=", "<=", ">=", "<", ">"];

    /// <summary>
    /// Parses <paramref name="text"/>. On failure returns false with a message and the offset in
    /// <paramref name="text"/> where the problem is.
    /// </summary>
    public static bool TryParse(string text, out Pep508Requirement? requirement, out string error, out int errorOffset)
    {
        requirement = null;
        error = "";
        var i = SkipSpace(text, 0);
        var nameStart = i;
        while (i < text.Length && IsNameChar(text[i]))
        {
            i++;
        }
        if (i == nameStart || !char.IsAsciiLetterOrDigit(text[nameStart]) || !char.IsAsciiLetterOrDigit(text[i - 1]))
        {
            return Fail("expected a package name", nameStart, out error, out errorOffset);
        }
        var name = text[nameStart..i];
        i = SkipSpace(text, i);
        IReadOnlyList<string> extras = [];
        if (i < text.Length && text[i] == '[')
        {
            var close = text.IndexOf(']', i);
            if (close < 0)
            {
                return Fail("unclosed '[' in extras", i, out error, out errorOffset);
            }
            var list = new List<string>();
            foreach (var extra in text.AsSpan(i + 1, close - i - 1).ToString().Split(','))
            {
                var trimmed = extra.Trim();
                if (trimmed.Length > 0)
                {
                    list.Add(trimmed);
                }
            }
            extras = list;
            i = SkipSpace(text, close + 1);
        }
        string? url = null;
        string? specifier = null;
        var markerStart = text.IndexOf(';', i);
        if (i < text.Length && text[i] == '@')
        {
            i = SkipSpace(text, i + 1);
            var end = i;
            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }
            if (end == i)
            {
                return Fail("expected a URL after '@'", i, out error, out errorOffset);
            }
            url = text[i..end];
            i = SkipSpace(text, end);
            markerStart = i < text.Length && text[i] == ';' ? i : -1;
            if (markerStart < 0 && i < text.Length)
            {
                return Fail("unexpected text after the URL", i, out error, out errorOffset);
            }
        }
        else
        {
            var specEnd = markerStart < 0 ? text.Length : markerStart;
            var spec = text[i..specEnd].Trim();
            if (spec.StartsWith('(') && spec.EndsWith(')'))
            {
                spec = spec[1..^1].Trim();
            }
            if (spec.Length > 0)
            {
                var problem = CheckSpecifier(spec);
                if (problem is not null)
                {
                    return Fail(problem, i, out error, out errorOffset);
                }
                specifier = spec;
            }
        }
        string? marker = null;
        if (markerStart >= 0)
        {
            marker = text[(markerStart + 1)..].Trim();
            if (marker.Length == 0)
            {
                return Fail("empty environment marker after ';'", markerStart, out error, out errorOffset);
            }
        }
        requirement = new Pep508Requirement(name, nameStart, extras, specifier, url, marker);
        errorOffset = 0;
        return true;
    }

    /// <summary>Returns null when every comma-separated clause is an operator followed by a version.</summary>
    public static string? CheckSpecifier(string specifier)
    {
        foreach (var raw in specifier.Split(','))
        {
            var clause = raw.AsSpan().Trim();
            string? op = null;
            foreach (var candidate in Operators)
            {
                if (clause.StartsWith(candidate, StringComparison.Ordinal))
                {
                    op = candidate;
                    break;
                }
            }
            if (op is null)
            {
                return $"'{clause}' is not a version clause (expected ==, !=, ~=, <=, >=, <, > or ===)";
            }
            var version = clause[op.Length..].Trim();
            if (version.IsEmpty)
            {
                return $"missing version after '{op}'";
            }
            foreach (var c in version)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '*' or '+' or '!' or '-' or '_' or '$' or '{' or '}'))
                {
                    return $"invalid character '{c}' in version '{version}'";
                }
            }
        }
        return null;
    }

    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        return i;
    }

    private static bool Fail(string message, int offset, out string error, out int errorOffset)
    {
        error = message;
        errorOffset = offset;
        return false;
    }
}
