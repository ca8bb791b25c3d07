using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bulwark.Scanning.Secrets;

/// <summary>
/// The vectorised first look of <see cref="KeywordPrefilter"/>: 64 text positions per step, it rules out every
/// position whose characters 0-1, 1-2 and 2-3 are not a pair found at the same offset in some keyword. Only
/// the survivors (about one position in twenty-five of source code, against one in one for the scalar loop)
/// get the exact trigram test. Characters are folded as the scalar path folds them (ASCII to lower case, all
/// non-ASCII to one value) and then to 32 classes, so a pair is a bit in a 1024-bit (128-byte) table that one
/// AVX-512 VBMI byte permute can index. Classes only merge characters, so the filter never loses a position the
/// exact test would accept.
/// </summary>
internal sealed class KeywordPairFilter
{
    /// <summary>Positions tested per step.</summary>
    public const int Width = 64;

    /// <summary>Characters one step reads: <see cref="Width"/> starts and the three after the last.</summary>
    public const int Reach = Width + 3;

    private const int Classes = 32;
    private const int NonAscii = 127;

    // Per folded character (0-127): class << 2, class >> 3 and 1 << (class & 7): the byte and bit of a pair.
    private readonly Table _high;
    private readonly Table _low;
    private readonly Table _bit;
    private readonly Table _pairs01;
    private readonly Table _pairs12;
    private readonly Table _pairs23;
    private readonly Table _pairs02;
    private readonly Table _pairs13;
    private readonly Table _pairs03;

    private KeywordPairFilter(string[] keywords)
    {
        var classOf = AssignClasses(keywords);
        var high = new byte[128];
        var low = new byte[128];
        var bit = new byte[128];
        for (var c = 0; c < 128; c++)
        {
            var cls = classOf[Fold(c)];
            high[c] = (byte)(cls << 2);
            low[c] = (byte)(cls >> 3);
            bit[c] = (byte)(1 << (cls & 7));
        }
        (_high, _low, _bit) = (new(high), new(low), new(bit));
        _pairs01 = PairTable(keywords, classOf, 0, 1);
        _pairs12 = PairTable(keywords, classOf, 1, 2);
        _pairs23 = PairTable(keywords, classOf, 2, 3);
        _pairs02 = PairTable(keywords, classOf, 0, 2);
        _pairs13 = PairTable(keywords, classOf, 1, 3);
        _pairs03 = PairTable(keywords, classOf, 0, 3);
    }

    /// <summary>
    /// A filter for <paramref name="keywords"/> (each at least three characters long), or null when the hardware
    /// lacks AVX-512 VBMI or a keyword's first four characters are not plain ASCII (the exact scalar test is then
    /// the whole prefilter).
    /// </summary>
    public static KeywordPairFilter? TryCreate(string[] keywords)
    {
        if (!Avx512Vbmi.IsSupported || !Avx512BW.IsSupported || keywords.Length == 0)
        {
            return null;
        }
        foreach (var keyword in keywords)
        {
            if (keyword.Length < 3 || keyword.AsSpan(0, Math.Min(4, keyword.Length)).ContainsAnyExceptInRange((char)0, (char)(NonAscii - 1)))
            {
                return null;
            }
        }
        return new KeywordPairFilter(keywords);
    }

    /// <summary>
    /// Bit k is set when a keyword may start at <paramref name="start"/> + k. Reads <see cref="Reach"/> characters.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Candidates(ref char start)
    {
        var c0 = Narrow(ref start, 0);
        var c1 = Narrow(ref start, 1);
        var c2 = Narrow(ref start, 2);
        var c3 = Narrow(ref start, 3);
        var (high0, high1, high2) = (_high.Lookup(c0), _high.Lookup(c1), _high.Lookup(c2));
        var (low1, low2, low3) = (_low.Lookup(c1), _low.Lookup(c2), _low.Lookup(c3));
        var (bit1, bit2, bit3) = (_bit.Lookup(c1), _bit.Lookup(c2), _bit.Lookup(c3));
        var pass = Has(_pairs01, high0 | low1, bit1) & Has(_pairs12, high1 | low2, bit2) & Has(_pairs23, high2 | low3, bit3)
            & Has(_pairs02, high0 | low2, bit2) & Has(_pairs13, high1 | low3, bit3) & Has(_pairs03, high0 | low3, bit3);
        return pass.ExtractMostSignificantBits();
    }

    /// <summary>All ones where the pair at <paramref name="index"/> (its byte) and <paramref name="bit"/> is in the table.</summary>
    private static Vector512<byte> Has(Table pairs, Vector512<byte> index, Vector512<byte> bit) =>
        Vector512.Equals(pairs.Lookup(index) & bit, bit);

    /// <summary>64 characters as bytes 0-127: unsigned saturation sends every non-ASCII character to 127.</summary>
    private static Vector512<byte> Narrow(ref char start, nuint offset)
    {
        ref var chars = ref Unsafe.As<char, ushort>(ref start);
        var low = Avx512BW.ConvertToVector256ByteWithSaturation(Vector512.LoadUnsafe(ref chars, offset));
        var high = Avx512BW.ConvertToVector256ByteWithSaturation(Vector512.LoadUnsafe(ref chars, offset + 32));
        return Vector512.Min(Vector512.Create(low, high), Vector512.Create((byte)NonAscii));
    }

    /// <summary>
    /// A class for each folded character in the keywords' first four places: 1 to 30 for the letters, then
    /// spaces, then the other characters most used in keywords; the rest share class 31 with non-ASCII text;
    /// class 0 is every character no keyword has there. Characters common in text get classes of their own:
    /// merging two of them (a space with the ':' of "://") lets whole runs of text through.
    /// </summary>
    private static byte[] AssignClasses(string[] keywords)
    {
        var uses = new int[128];
        foreach (var keyword in keywords)
        {
            for (var i = 0; i < Math.Min(4, keyword.Length); i++)
            {
                uses[Fold(keyword[i])]++;
            }
        }
        var order = Enumerable.Range(0, NonAscii).Where(c => uses[c] > 0)
            .OrderBy(c => c is >= 'a' and <= 'z' ? 0 : char.IsWhiteSpace((char)c) ? 1 : 2)
            .ThenByDescending(c => uses[c])
            .ThenBy(c => c)
            .ToArray();
        var classOf = new byte[128];
        for (var rank = 0; rank < order.Length; rank++)
        {
            classOf[order[rank]] = (byte)Math.Min(rank + 1, Classes - 1);
        }
        classOf[NonAscii] = Classes - 1;
        return classOf;
    }

    /// <summary>The pairs of folded characters at offsets (<paramref name="first"/>, <paramref name="second"/>) of the keywords.</summary>
    private static Table PairTable(string[] keywords, byte[] classOf, int first, int second)
    {
        var pairs = new byte[128];
        foreach (var keyword in keywords)
        {
            var a = classOf[Fold(keyword[first])];
            if (second < keyword.Length)
            {
                Set(pairs, a, classOf[Fold(keyword[second])]);
            }
            if (second == 3)
            {
                // A whole three-character keyword allows any fourth character. A longer one allows a non-ASCII one
                // too: the exact test checks the fourth character by a hash, which a non-ASCII one may pass, and
                // then compares with OrdinalIgnoreCase, under which U+017F (long s) equals 's'.
                for (var b = 0; b < Classes; b++)
                {
                    if (keyword.Length == 3 || b == classOf[NonAscii])
                    {
                        Set(pairs, a, b);
                    }
                }
            }
        }
        return new Table(pairs);
    }

    private static void Set(byte[] pairs, int first, int second) => pairs[(first << 2) | (second >> 3)] |= (byte)(1 << (second & 7));

    private static int Fold(int c) => c >= NonAscii ? NonAscii : c is >= 'A' and <= 'Z' ? c | 0x20 : c;

    /// <summary>A 128-byte table, looked up 64 bytes at a time with one two-register byte permute.</summary>
    private readonly struct Table(byte[] bytes)
    {
        private readonly Vector512<byte> _lower = Vector512.Create(bytes.AsSpan(0, 64));
        private readonly Vector512<byte> _upper = Vector512.Create(bytes.AsSpan(64, 64));

        public Vector512<byte> Lookup(Vector512<byte> indices) => Avx512Vbmi.PermuteVar64x8x2(_lower, indices, _upper);
    }
}
