using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Web;

namespace Bulwark.Core.Tests.Masking;

/// <summary>
/// Every form of a secret that must never reach a log, computed with the BCL directly and without the
/// masker's code, so the tests check the masker against an independent oracle.
/// </summary>
internal static class ReferenceForms
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<(string Name, string Form)> Of(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        var escaped = Uri.EscapeDataString(secret);
        var forms = new List<(string, string)>
        {
            ("raw", secret),
            ("hex", Convert.ToHexString(bytes)),
            ("hex lower", Convert.ToHexStringLower(bytes)),
            ("percent", escaped),
            ("percent lower", LowerEscapes(escaped)),
            ("form", escaped.Replace("%20", "+", StringComparison.Ordinal)),
            ("HttpUtility.UrlEncode", HttpUtility.UrlEncode(secret)),
            ("json", JsonSerializer.Serialize(secret)[1..^1]),
            ("json relaxed", JsonSerializer.Serialize(secret, Relaxed)[1..^1]),
        };
        for (var alignment = 0; alignment < 3; alignment++)
        {
            var (standard, url) = Base64Cores(bytes, alignment);
            forms.Add(($"base64 at byte {alignment}", standard));
            forms.Add(($"base64url at byte {alignment}", url));
        }
        foreach (var line in secret.Split('\n'))
        {
            if (line.Trim().Length >= 8)
            {
                forms.Add(("line", line.TrimEnd('\r')));
            }
        }
        return forms;
    }

    /// <summary>
    /// The base64 characters of a payload holding the secret at byte <paramref name="alignment"/> that lie wholly
    /// inside the secret's bits, checked to come out the same whatever the neighbouring bytes are.
    /// </summary>
    public static (string Standard, string Url) Base64Cores(byte[] secret, int alignment)
    {
        var start = (8 * alignment + 5) / 6;
        var end = 8 * (alignment + secret.Length) / 6;
        var zeros = Convert.ToBase64String(Surround(secret, alignment, 0x00));
        var ones = Convert.ToBase64String(Surround(secret, alignment, 0xFF));
        ones[start..end].ShouldBe(zeros[start..end], "the core depends on the secret's bytes alone");
        var url = Base64Url.EncodeToString(Surround(secret, alignment, 0x00));
        return (zeros[start..end], url[start..end]);
    }

    /// <summary>The payload the way a log would hold it: <paramref name="before"/> bytes, the secret, a few after.</summary>
    public static byte[] Surround(byte[] secret, int before, byte fill)
    {
        var payload = new byte[before + secret.Length + 3];
        payload.AsSpan().Fill(fill);
        secret.CopyTo(payload, before);
        return payload;
    }

    public static string LowerEscapes(string escaped)
    {
        var chars = escaped.ToCharArray();
        for (var i = 0; i + 2 < chars.Length; i++)
        {
            if (chars[i] == '%')
            {
                chars[i + 1] = char.ToLowerInvariant(chars[i + 1]);
                chars[i + 2] = char.ToLowerInvariant(chars[i + 2]);
            }
        }
        return new string(chars);
    }
}
