using System.Globalization;
using System.Text;

namespace Bulwark.Scanning.Code.Python;

/// <summary>Decodes a (non-f) string literal token into its value: prefixes, quotes and escape sequences.</summary>
internal static class StringDecoder
{
    /// <summary>Appends the literal's value to <paramref name="into"/>; returns true for a bytes literal.</summary>
    public static bool Decode(ReadOnlySpan<char> token, StringBuilder into)
    {
        var quote = token.IndexOfAny('"', '\'');
        var prefix = token[..quote];
        var raw = prefix.ContainsAny('r', 'R');
        var bytes = prefix.ContainsAny('b', 'B');
        var q = token[quote];
        var triple = token.Length - quote >= 6 && token[quote + 1] == q && token[quote + 2] == q;
        var width = triple ? 3 : 1;
        var body = token[(quote + width)..Math.Max(quote + width, token.Length - width)];
        if (raw || !body.Contains('\\'))
        {
            into.Append(body);
            return bytes;
        }
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\' || i + 1 >= body.Length)
            {
                into.Append(c);
                continue;
            }
            var e = body[++i];
            switch (e)
            {
                case '\n': break;
                case '\r': if (i + 1 < body.Length && body[i + 1] == '\n') { i++; } break;
                case 'n': into.Append('\n'); break;
                case 't': into.Append('\t'); break;
                case 'r': into.Append('\r'); break;
                case '0' or '1' or '2' or '3' or '4' or '5' or '6' or '7':
                    var octal = 0;
                    var digits = 0;
                    while (digits < 3 && i < body.Length && body[i] is >= '0' and <= '7')
                    {
                        octal = octal * 8 + (body[i++] - '0');
                        digits++;
                    }
                    i--;
                    into.Append((char)octal);
                    break;
                case 'x' when i + 2 < body.Length && int.TryParse(body.Slice(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex):
                    into.Append((char)hex);
                    i += 2;
                    break;
                case 'u' when !bytes && i + 4 < body.Length && int.TryParse(body.Slice(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var unicode):
                    into.Append((char)unicode);
                    i += 4;
                    break;
                case '\\' or '\'' or '"': into.Append(e); break;
                case 'a': into.Append('\a'); break;
                case 'b': into.Append('\b'); break;
                case 'f': into.Append('\f'); break;
                case 'v': into.Append('\v'); break;
                default:
                    into.Append('\\').Append(e);
                    break;
            }
        }
        return bytes;
    }
}
