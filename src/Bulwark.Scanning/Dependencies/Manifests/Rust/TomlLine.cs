using System.Text;

namespace Bulwark.Scanning.Dependencies.Manifests.Rust;

/// <summary>Span helpers for the single-line TOML constructs Cargo.lock uses.</summary>
internal static class TomlLine
{
    /// <summary>Splits <c>key = value</c>; the key may be bare or a quoted string. <paramref name="valueOffset"/> indexes <paramref name="line"/>.</summary>
    public static bool TrySplitKeyValue(ReadOnlySpan<char> line, out string key, out int valueOffset, out string? problem)
    {
        (key, valueOffset, problem) = ("", 0, null);
        int keyEnd;
        if (line[0] is '"' or '\'')
        {
            var length = ReadString(line, out var quoted);
            if (length < 0)
            {
                problem = "unterminated quoted key";
                return false;
            }
            (key, keyEnd) = (quoted, length);
        }
        else
        {
            keyEnd = 0;
            while (keyEnd < line.Length && (char.IsAsciiLetterOrDigit(line[keyEnd]) || line[keyEnd] is '_' or '-'))
            {
                keyEnd++;
            }
            key = line[..keyEnd].ToString();
        }
        var rest = line[keyEnd..].TrimStart();
        if (key.Length == 0 || rest.IsEmpty || rest[0] != '=' || rest[1..].IsWhiteSpace())
        {
            problem = "expected 'key = value'";
            return false;
        }
        valueOffset = line.Length - rest[1..].TrimStart().Length;
        return true;
    }

    /// <summary>A string (basic or literal) or a bare scalar such as an integer, followed only by a comment.</summary>
    public static bool TryReadScalar(ReadOnlySpan<char> value, out string scalar)
    {
        if (value[0] is '"' or '\'')
        {
            var length = ReadString(value, out scalar);
            return length > 0 && IsBlankOrComment(value[length..]);
        }
        var end = value.IndexOfAny(" \t#");
        scalar = (end < 0 ? value : value[..end]).ToString();
        return end < 0 || IsBlankOrComment(value[end..]);
    }

    /// <summary>
    /// Reads string items of an array up to its <c>]</c> (<paramref name="closed"/>) or the end of the line (the
    /// array goes on). False with <paramref name="problem"/> on anything but strings, commas and comments.
    /// </summary>
    public static bool ReadArrayItems(ReadOnlySpan<char> text, List<string> items, out bool closed, out string? problem)
    {
        (closed, problem) = (false, null);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c == ',')
            {
                i++;
            }
            else if (c == '#')
            {
                return true;
            }
            else if (c == ']')
            {
                closed = true;
                problem = IsBlankOrComment(text[(i + 1)..]) ? null : "unexpected text after ']'";
                return problem is null;
            }
            else if (c is '"' or '\'')
            {
                var length = ReadString(text[i..], out var item);
                if (length < 0)
                {
                    problem = "unterminated string in array";
                    return false;
                }
                items.Add(item);
                i += length;
            }
            else
            {
                problem = "expected a string in the array";
                return false;
            }
        }
        return true;
    }

    /// <summary>Reads a quoted string at the start of <paramref name="text"/>; returns its length with quotes, or -1 if unterminated.</summary>
    private static int ReadString(ReadOnlySpan<char> text, out string value)
    {
        var quote = text[0];
        var builder = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == quote)
            {
                value = builder.ToString();
                return i + 1;
            }
            if (c == '\\' && quote == '"' && i + 1 < text.Length)
            {
                // Cargo.lock needs only the simple escapes; \uXXXX is kept as written.
                i++;
                builder.Append(text[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
                continue;
            }
            builder.Append(c);
        }
        value = "";
        return -1;
    }

    private static bool IsBlankOrComment(ReadOnlySpan<char> text)
    {
        var rest = text.TrimStart();
        return rest.IsEmpty || rest[0] == '#';
    }
}
