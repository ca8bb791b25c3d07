using System.Globalization;

namespace Bulwark.Scanning.Secrets.History;

/// <summary>
/// A git object id (SHA-1 or SHA-256) packed into four integers. The set of blobs already seen holds one per
/// distinct blob in history, so it is kept at ~50 bytes an entry instead of a 40-character string each.
/// </summary>
internal readonly record struct ObjectId(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>Parses 40 or 64 lower-case hex digits as git prints them.</summary>
    public static bool TryParse(ReadOnlySpan<byte> hex, out ObjectId id)
    {
        id = default;
        if (hex.Length is not (40 or 64))
        {
            return false;
        }
        Span<ulong> parts = stackalloc ulong[4];
        parts.Clear();
        for (var i = 0; i * 16 < hex.Length; i++)
        {
            var chunk = hex.Slice(i * 16, Math.Min(16, hex.Length - (i * 16)));
            if (!ulong.TryParse(chunk, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out parts[i]))
            {
                return false;
            }
        }
        id = new ObjectId(parts[0], parts[1], parts[2], parts[3]);
        return true;
    }

    /// <summary>git's all-zeros id, which raw diffs print for the missing side of an addition or deletion.</summary>
    public bool IsZero => (A | B | C | D) == 0;
}
