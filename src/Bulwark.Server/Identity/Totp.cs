using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bulwark.Server.Identity;

/// <summary>
/// RFC 6238 codes as authenticator apps make them: HMAC-SHA1 over the 30-second time step, 6 digits, from the
/// base32 shared key Identity stores. Ours rather than Identity's so that time comes from the injected
/// <see cref="TimeProvider"/> and the matched step is known (replay protection needs it).
/// </summary>
internal static class Totp
{
    public const int Digits = 6;
    public static readonly TimeSpan StepLength = TimeSpan.FromSeconds(30);

    public static long TimeStep(DateTimeOffset at) => at.ToUnixTimeSeconds() / (long)StepLength.TotalSeconds;

    public static string Code(byte[] key, long timeStep)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, timeStep);
        Span<byte> hash = stackalloc byte[20];
        HMACSHA1.HashData(key, counter, hash);
        var offset = hash[^1] & 0x0f;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7fffffff;
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Decodes RFC 4648 base32 (upper or lower case, spaces and padding ignored); null when malformed.</summary>
    public static byte[]? DecodeBase32(string text)
    {
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '=')
            {
                continue;
            }
            var value = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a',
                >= '2' and <= '7' => c - '2' + 26,
                _ => -1,
            };
            if (value < 0)
            {
                return null;
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return output.Count == 0 ? null : output.ToArray();
    }
}
