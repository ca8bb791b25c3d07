using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bulwark.Core.Masking;

/// <summary>
/// Finds where any of a few thousand patterns (at least four characters each) starts, at hundreds of MB/s.
/// .NET's <c>SearchValues&lt;string&gt;</c> falls back to Aho-Corasick beyond a few dozen strings, too slow for
/// ~2,400 patterns; here one pass keeps the last four characters in a 64-bit window and tests a hash of it
/// against a bit set of the patterns' first four characters (2^20 bits, 128 KiB). Only the rare positions that
/// pass look up the patterns that really start with those four characters and compare them, longest first.
/// </summary>
internal sealed class PatternSet
{
    private const int Window = SecretMasker.MinimumLength;
    private const int Bits = 20;
    private const ulong Multiplier = 0x9E3779B97F4A7C15;

    private readonly ulong[] _bits = new ulong[(1 << Bits) / 64];
    private readonly Dictionary<ulong, string[]> _byStart = [];

    /// <summary>The first one, two and three characters of every pattern, tagged with their length.</summary>
    private readonly HashSet<ulong> _prefixes = [];

    public PatternSet(IReadOnlyCollection<string> patterns)
    {
        var byStart = new Dictionary<ulong, List<string>>();
        foreach (var pattern in patterns)
        {
            var key = Pack(pattern.AsSpan(0, Window));
            var hash = Hash(key);
            _bits[hash >> 6] |= 1UL << (int)hash;
            if (!byStart.TryGetValue(key, out var list))
            {
                byStart[key] = list = [];
            }
            list.Add(pattern);
            for (var length = 1; length < Window; length++)
            {
                _prefixes.Add(Prefix(pattern.AsSpan(0, length)));
            }
            MaxLength = Math.Max(MaxLength, pattern.Length);
        }
        foreach (var (key, list) in byStart)
        {
            list.Sort(static (a, b) => b.Length.CompareTo(a.Length));
            _byStart[key] = [.. list];
        }
        Count = patterns.Count;
    }

    public int Count { get; }

    public int MaxLength { get; }

    /// <summary>
    /// The first position at or after <paramref name="from"/> where something happens: a pattern starts there
    /// (<paramref name="length"/> is the longest one's length), or, unless <paramref name="final"/>, the text ends
    /// inside what may still become a pattern (<paramref name="length"/> is 0: the caller needs more text to
    /// decide). -1 when nothing happens up to the end of the text.
    /// </summary>
    public int NextEvent(ReadOnlySpan<char> text, int from, bool final, out int length)
    {
        length = 0;
        var n = text.Length;
        if (n - from >= Window)
        {
            // Hot loop: no bounds checks (i < n) and one bit test per character.
            ref var start = ref MemoryMarshal.GetReference(text);
            ref var bits = ref MemoryMarshal.GetArrayDataReference(_bits);
            var window = Pack(text.Slice(from, Window - 1));
            for (var i = from + Window - 1; i < n; i++)
            {
                window = (window << 16) | Unsafe.Add(ref start, i);
                var hash = Hash(window);
                if (((Unsafe.Add(ref bits, (int)(hash >> 6)) >> (int)hash) & 1) != 0
                    && IsEvent(text[(i - Window + 1)..], window, final, out length))
                {
                    return i - Window + 1;
                }
            }
        }
        if (!final)
        {
            for (var q = Math.Max(from, n - Window + 1); q < n; q++)
            {
                if (_prefixes.Contains(Prefix(text[q..])))
                {
                    return q;
                }
            }
        }
        return -1;
    }

    private bool IsEvent(ReadOnlySpan<char> rest, ulong key, bool final, out int length)
    {
        length = 0;
        if (!_byStart.TryGetValue(key, out var candidates))
        {
            return false;
        }
        foreach (var pattern in candidates)
        {
            if (pattern.Length <= rest.Length)
            {
                if (rest.StartsWith(pattern.AsSpan()))
                {
                    length = pattern.Length;
                    return true;
                }
            }
            else if (!final && pattern.AsSpan().StartsWith(rest))
            {
                // A longer pattern may complete in text not seen yet: decide later.
                return true;
            }
        }
        return false;
    }

    private static ulong Hash(ulong key) => (key * Multiplier) >> (64 - Bits);

    private static ulong Pack(ReadOnlySpan<char> chars)
    {
        ulong key = 0;
        foreach (var c in chars)
        {
            key = (key << 16) | c;
        }
        return key;
    }

    private static ulong Prefix(ReadOnlySpan<char> chars) => ((ulong)chars.Length << 48) | Pack(chars);
}
