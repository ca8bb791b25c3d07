namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// Which memo keys a pickle stream has stored, without the values: what <see cref="PickleDataPass"/> needs to follow
/// the memo exactly as <see cref="PickleMemo"/> counts it. Pickler-written keys (0, 1, 2, …) are bits; keys far from
/// that range, as hand-written pickles may use, go to a set. Callers add at most the memo limit of keys.
/// </summary>
internal sealed class PickleKeySet(int maxKeys)
{
    /// <summary>Keys below this are bits: twice the memo limit, so a bounded number of keys stays a bounded array.</summary>
    private readonly long _bitRange = 2L * maxKeys + 1024;

    private ulong[] _bits = [];
    private HashSet<long>? _sparse;

    public int Count { get; private set; }

    public bool Contains(long key)
    {
        if ((ulong)key < (ulong)_bitRange)
        {
            var word = key >> 6;
            return word < _bits.Length && (_bits[word] & (1UL << (int)(key & 63))) != 0;
        }
        return _sparse is not null && _sparse.Contains(key);
    }

    /// <summary>Adds <paramref name="key"/> (not yet in the set).</summary>
    public void Add(long key)
    {
        if ((ulong)key < (ulong)_bitRange)
        {
            var word = (int)(key >> 6);
            if (word >= _bits.Length)
            {
                Array.Resize(ref _bits, (int)Math.Min(Math.Max(word + 1, 2L * _bits.Length), (_bitRange + 63) / 64));
            }
            _bits[word] |= 1UL << (int)(key & 63);
        }
        else
        {
            (_sparse ??= []).Add(key);
        }
        Count++;
    }
}
