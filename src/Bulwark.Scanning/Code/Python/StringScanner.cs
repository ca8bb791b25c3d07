namespace Bulwark.Scanning.Code.Python;

/// <summary>
/// Finds where a string literal ends, f-strings included: replacement fields may hold any expression,
/// nested strings reusing the same quote and nested f-strings (PEP 701), and format specs with their own
/// fields. Optionally records the source ranges of the replacement-field expressions for the parser.
/// Never reads past <c>limit</c>; nesting is bounded so a hostile literal cannot overflow the stack.
/// </summary>
internal static class StringScanner
{
    public const int MaxNesting = 64;

    /// <summary>True when <paramref name="prefix"/> is a valid string prefix (r, b, u, f and their pairs).</summary>
    public static bool IsPrefix(ReadOnlySpan<char> prefix, out bool isFormat, out bool isRaw)
    {
        isFormat = false;
        isRaw = false;
        if (prefix.Length is 0 or > 2)
        {
            return prefix.Length == 0;
        }
        bool bytes = false, unicode = false;
        foreach (var c in prefix)
        {
            switch (c)
            {
                case 'r' or 'R' when !isRaw: isRaw = true; break;
                case 'b' or 'B' when !bytes && !isFormat && !unicode: bytes = true; break;
                case 'f' or 'F' when !isFormat && !bytes && !unicode: isFormat = true; break;
                case 'u' or 'U' when prefix.Length == 1: unicode = true; break;
                default: return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Scans the literal whose opening quote is at <paramref name="quote"/>. Returns the offset just past
    /// the closing quote, or a negative value (minus the offset where scanning stopped) when unterminated.
    /// </summary>
    public static int Scan(ReadOnlySpan<char> text, int quote, bool isFormat, bool isRaw, List<(int Start, int End, int Close)>? fields = null, int depth = 0)
    {
        var q = text[quote];
        var triple = quote + 2 < text.Length && text[quote + 1] == q && text[quote + 2] == q;
        var i = quote + (triple ? 3 : 1);
        while (i < text.Length)
        {
            var c = text[i];
            if (c == q && (!triple || (i + 2 < text.Length && text[i + 1] == q && text[i + 2] == q)))
            {
                return i + (triple ? 3 : 1);
            }
            switch (c)
            {
                case '\\':
                    if (isFormat && !isRaw && i + 2 < text.Length && text[i + 1] == 'N' && text[i + 2] == '{')
                    {
                        var close = text[i..].IndexOf('}');
                        i = close < 0 ? text.Length : i + close + 1;
                        continue;
                    }
                    i += i + 1 < text.Length && text[i + 1] == '\r' && i + 2 < text.Length && text[i + 2] == '\n' ? 3 : 2;
                    continue;
                case '\n' or '\r' when !triple:
                    return -i;
                case '{' when isFormat:
                    if (i + 1 < text.Length && text[i + 1] == '{')
                    {
                        i += 2;
                        continue;
                    }
                    if (depth >= MaxNesting)
                    {
                        return -i;
                    }
                    i = Field(text, i + 1, triple, fields, depth + 1);
                    if (i < 0)
                    {
                        return i;
                    }
                    continue;
            }
            i++;
        }
        return -text.Length;
    }

    /// <summary>Scans a replacement field starting after its '{'; returns the offset after its '}'.</summary>
    private static int Field(ReadOnlySpan<char> text, int start, bool triple, List<(int Start, int End, int Close)>? fields, int depth)
    {
        var brackets = 0;
        var i = start;
        var expressionEnd = -1;
        while (i < text.Length)
        {
            var c = text[i];
            if (expressionEnd < 0 && (char.IsAsciiLetter(c) || c == '_' || c > 127))
            {
                // A name, or the prefix of a nested string literal.
                var nameStart = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_' || text[i] > 127))
                {
                    i++;
                }
                if (i < text.Length && text[i] is '"' or '\'' && IsPrefix(text[nameStart..i], out var nestedFormat, out var nestedRaw))
                {
                    i = Scan(text, i, nestedFormat, nestedRaw, null, depth + 1);
                    if (i < 0)
                    {
                        return i;
                    }
                }
                continue;
            }
            switch (c)
            {
                case '"' or '\'' when expressionEnd < 0:
                    i = Scan(text, i, false, false, null, depth + 1);
                    if (i < 0)
                    {
                        return i;
                    }
                    continue;
                case '#' when expressionEnd < 0:
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }
                    continue;
                case '\n' or '\r' when !triple && brackets == 0 && expressionEnd >= 0:
                    return -i;
                case '(' or '[':
                    brackets++;
                    break;
                case '{' when expressionEnd < 0:
                    brackets++;
                    break;
                case '{':
                    // A nested field inside the format spec.
                    if (depth >= MaxNesting)
                    {
                        return -i;
                    }
                    i = Field(text, i + 1, triple, fields, depth + 1);
                    if (i < 0)
                    {
                        return i;
                    }
                    continue;
                case ')' or ']':
                    brackets = Math.Max(0, brackets - 1);
                    break;
                case '}' when brackets > 0 && expressionEnd < 0:
                    brackets--;
                    break;
                case '}':
                    fields?.Add((start, expressionEnd < 0 ? i : expressionEnd, i + 1));
                    return i + 1;
                case '!' when brackets == 0 && expressionEnd < 0 && (i + 1 >= text.Length || text[i + 1] != '='):
                case ':' when brackets == 0 && expressionEnd < 0:
                    expressionEnd = i;
                    break;
                case '=' when brackets == 0 && expressionEnd < 0 && IsDebugEquals(text, i):
                    expressionEnd = i;
                    break;
            }
            i++;
        }
        return -text.Length;
    }

    /// <summary>The self-documenting '=' of f"{x=}": not part of ==, !=, &lt;=, &gt;=, and followed by the field's end.</summary>
    private static bool IsDebugEquals(ReadOnlySpan<char> text, int i)
    {
        if (i + 1 < text.Length && text[i + 1] == '=')
        {
            return false;
        }
        if (i > 0 && text[i - 1] is '=' or '!' or '<' or '>')
        {
            return false;
        }
        var j = i + 1;
        while (j < text.Length && text[j] is ' ' or '\t')
        {
            j++;
        }
        return j < text.Length && text[j] is '}' or '!' or ':';
    }
}
