using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Bulwark.Core.Masking;

/// <summary>
/// Percent-encodings and JSON escapings of a value, in the variants common tools produce. Hex digits of escapes
/// come in both cases because encoders disagree (.NET writes %2B and \u002B; HttpUtility writes %2b, Python and Go \u00e9).
/// </summary>
internal static class EscapedForms
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>RFC 3986 (Uri.EscapeDataString, JavaScript's encodeURIComponent minus its !*'()), form encoding ('+' for space) and WebUtility.UrlEncode.</summary>
    public static void AddPercentEncodings(string value, HashSet<string> forms)
    {
        var rfc3986 = Uri.EscapeDataString(value);
        AddBothCases(forms, rfc3986, '%', 2);
        AddBothCases(forms, rfc3986.Replace("%20", "+", StringComparison.Ordinal), '%', 2);
        AddBothCases(forms, WebUtility.UrlEncode(value), '%', 2);
    }

    /// <summary>
    /// System.Text.Json's default (escapes non-ASCII and + &lt; &gt; &amp; ' ` as \uXXXX), its relaxed encoder, and the
    /// minimal escaping most other libraries use (only " \ and control characters), with non-ASCII kept or escaped.
    /// </summary>
    public static void AddJsonEscapings(string value, HashSet<string> forms)
    {
        AddBothCases(forms, Unquote(JsonSerializer.Serialize(value)), '\\', 4);
        AddBothCases(forms, Unquote(JsonSerializer.Serialize(value, Relaxed)), '\\', 4);
        AddBothCases(forms, MinimalJson(value, escapeNonAscii: false), '\\', 4);
        AddBothCases(forms, MinimalJson(value, escapeNonAscii: true), '\\', 4);
    }

    private static string Unquote(string json) => json[1..^1];

    private static string MinimalJson(string value, bool escapeNonAscii)
    {
        var text = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\b' => text.Append("\\b"),
                '\f' => text.Append("\\f"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                < ' ' => text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                > '\u007F' when escapeNonAscii => text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }
        return text.ToString();
    }

    /// <summary>
    /// Adds <paramref name="escaped"/> with the hex digits of its escapes in upper and in lower case. An escape is
    /// <paramref name="escape"/> followed by <paramref name="digits"/> hex digits ('%' and 2, or '\' 'u' and 4);
    /// a JSON escape of another kind (\\, \n) is skipped whole so that its second character is never taken for one.
    /// </summary>
    private static void AddBothCases(HashSet<string> forms, string escaped, char escape, int digits)
    {
        var upper = escaped.ToCharArray();
        var lower = escaped.ToCharArray();
        for (var i = 0; i < upper.Length - 1; i++)
        {
            if (upper[i] != escape)
            {
                continue;
            }
            var first = escape == '%' ? i + 1 : i + 2;
            if (escape == '\\' && upper[i + 1] != 'u')
            {
                i++;
                continue;
            }
            for (var d = first; d < first + digits && d < upper.Length; d++)
            {
                upper[d] = char.ToUpperInvariant(upper[d]);
                lower[d] = char.ToLowerInvariant(lower[d]);
            }
            i = first + digits - 1;
        }
        Add(forms, new string(upper));
        Add(forms, new string(lower));
    }

    private static void Add(HashSet<string> forms, string form)
    {
        if (form.Length >= SecretMasker.MinimumLength)
        {
            forms.Add(form);
        }
    }
}
