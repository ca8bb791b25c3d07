using System.Security.Cryptography;

namespace Bulwark.Server.Tests.Identity;

/// <summary>RFC 6238 written again for the tests (HMAC-SHA1, 30 s, 6 digits), so the server's code is checked, not reused.</summary>
internal static class TestTotp
{
    public static string Code(string base32Key, DateTimeOffset at, int stepOffset = 0)
    {
        var step = at.ToUnixTimeSeconds() / 30 + stepOffset;
        var counter = new byte[8];
        for (var i = 7; i >= 0; i--, step >>= 8)
        {
            counter[i] = (byte)(step & 0xff);
        }
        var hash = HMACSHA1.HashData(Base32(base32Key), counter);
        var offset = hash[19] & 0xf;
        var value = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        var bits = 0L;
        var count = 0;
        foreach (var c in clean)
        {
            bits = (bits << 5) | (uint)alphabet.IndexOf(c, StringComparison.Ordinal);
            count += 5;
            if (count >= 8)
            {
                count -= 8;
                bytes.Add((byte)(bits >> count));
            }
        }
        return [.. bytes];
    }
}
