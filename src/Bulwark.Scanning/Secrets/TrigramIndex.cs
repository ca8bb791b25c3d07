namespace Bulwark.Scanning.Secrets;

/// <summary>
/// The keywords of each folded trigram, in an open-addressing table of a few KiB. A direct table over all 2^21
/// trigrams took 4 MiB, and with the prefilter's hits spread over it nearly every lookup missed the cache.
/// </summary>
internal sealed class TrigramIndex
{
    /// <summary>Trigram + 1 per slot; 0 marks an empty slot.</summary>
    private readonly uint[] _keys;
    private readonly int[][] _keywords;
    private readonly bool[] _whole;
    private readonly int _shift;

    /// <param name="keywordsOf">Per trigram, the indexes of the keywords starting with it.</param>
    /// <param name="isWhole">True for a trigram that is itself a keyword.</param>
    public TrigramIndex(IReadOnlyDictionary<uint, List<int>> keywordsOf, Func<uint, bool> isWhole)
    {
        // A quarter full at most: probes stay short.
        var bits = 6;
        while ((1 << bits) < 4 * keywordsOf.Count)
        {
            bits++;
        }
        _shift = 32 - bits;
        _keys = new uint[1 << bits];
        _keywords = new int[1 << bits][];
        _whole = new bool[1 << bits];
        foreach (var (trigram, keywords) in keywordsOf)
        {
            var slot = Home(trigram);
            while (_keys[slot] != 0)
            {
                slot = (slot + 1) & (_keys.Length - 1);
            }
            _keys[slot] = trigram + 1;
            _keywords[slot] = [.. keywords];
            _whole[slot] = isWhole(trigram);
        }
    }

    /// <summary>The slot of <paramref name="trigram"/>, or -1 when no keyword starts with it.</summary>
    public int Find(uint trigram)
    {
        var slot = Home(trigram);
        while (true)
        {
            var key = _keys[slot];
            if (key == trigram + 1)
            {
                return slot;
            }
            if (key == 0)
            {
                return -1;
            }
            slot = (slot + 1) & (_keys.Length - 1);
        }
    }

    /// <summary>Indexes of the keywords starting with the slot's trigram.</summary>
    public int[] Keywords(int slot) => _keywords[slot];

    /// <summary>True when the slot's trigram is a whole keyword: a hit needs no fourth character.</summary>
    public bool IsWhole(int slot) => _whole[slot];

    private int Home(uint trigram) => (int)((trigram * 0x9E3779B1u) >> _shift);
}
