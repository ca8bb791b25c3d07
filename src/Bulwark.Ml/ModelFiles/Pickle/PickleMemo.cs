using System.Collections;
using System.Runtime.CompilerServices;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// The unpickler's memo, shared by the pickles of one stream. Pickler-written keys are 0, 1, 2, … (MEMOIZE uses the
/// entry count, BINPUT/LONG_BINPUT the same counter), so keys below the dense length live in chunks of slots (no
/// hashing, no object per int or float); keys far from that range, as hand-written pickles may use, go to a dictionary.
/// </summary>
internal sealed class PickleMemo : IEnumerable<KeyValuePair<long, PickleSlot>>
{
    /// <summary>A key may extend the dense range when it is at most this far past its end (small gaps stay dense).</summary>
    private const int MaxGap = 1024;

    /// <summary>
    /// 4,096 slots (64 KB) a chunk: below the large object heap's threshold, so a growing memo neither copies itself
    /// nor allocates large objects, each of which would cost a full collection while a big pickle is being read.
    /// </summary>
    private const int ChunkBits = 12;
    private const int ChunkMask = (1 << ChunkBits) - 1;

    private PickleSlot[][] _chunks = [];
    private int _chunkCount;
    private int _denseLength;
    private int _denseCount;
    private Dictionary<long, PickleSlot>? _sparse;

    /// <summary>The first chunk, also held here: the keys BINGET can name (below 256) are read with one array access.</summary>
    private PickleSlot[] _first = [];

    /// <summary>
    /// Set once the memo reached the analysis's limit: from then on only imports are stored, and a key not stored reads
    /// as forgotten, in every later pickle of the stream too (CPython would have it).
    /// </summary>
    public bool Overflowed { get; set; }

    /// <summary>Entries stored (dense and sparse); MEMOIZE's key.</summary>
    public int Count { get; private set; }

    public bool ContainsKey(long key) => TryGetValue(key, out _);

    /// <summary>Runs for every memo GET: the dense lookup is inlined into the machine's loop, the dictionary is not.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(long key, out PickleSlot value)
    {
        // Slots of the first chunk past the dense length are empty, so its own bounds are check enough.
        var first = _first;
        if ((ulong)key < (ulong)first.Length)
        {
            value = first[(int)key];
            if (!value.IsEmpty)
            {
                return true;
            }
        }
        else if ((ulong)key < (ulong)_denseLength)
        {
            value = _chunks[key >> ChunkBits][key & ChunkMask];
            if (!value.IsEmpty)
            {
                return true;
            }
        }
        return TryGetSparse(key, out value);
    }

    private bool TryGetSparse(long key, out PickleSlot value)
    {
        if (_sparse is not null && _sparse.TryGetValue(key, out value))
        {
            return true;
        }
        value = default;
        return false;
    }

    public void Set(long key, PickleSlot value)
    {
        var dense = (ulong)key < (ulong)_denseLength;
        if (dense && !_chunks[key >> ChunkBits][key & ChunkMask].IsEmpty)
        {
            _chunks[key >> ChunkBits][key & ChunkMask] = value;
        }
        else if (_sparse is not null && _sparse.ContainsKey(key))
        {
            _sparse[key] = value;
        }
        else if (dense || Extends(key))
        {
            while (_chunkCount <= key >> ChunkBits)
            {
                if (_chunkCount == _chunks.Length)
                {
                    Array.Resize(ref _chunks, Math.Max(4, 2 * _chunks.Length));
                }
                _chunks[_chunkCount++] = new PickleSlot[1 << ChunkBits];
            }
            _first = _chunks[0];
            _denseLength = Math.Max(_denseLength, (int)key + 1);
            _denseCount++;
            Count++;
            _chunks[key >> ChunkBits][key & ChunkMask] = value;
        }
        else
        {
            (_sparse ??= [])[key] = value;
            Count++;
        }
    }

    /// <summary>Whether a new key may grow the dense range: near its end, and never past twice the entries (no amplification).</summary>
    private bool Extends(long key) =>
        key >= _denseLength && key - _denseLength <= MaxGap && key <= 2L * _denseCount + MaxGap && key < Array.MaxLength;

    public IEnumerator<KeyValuePair<long, PickleSlot>> GetEnumerator()
    {
        for (var key = 0; key < _denseLength; key++)
        {
            var value = _chunks[key >> ChunkBits][key & ChunkMask];
            if (!value.IsEmpty)
            {
                yield return new(key, value);
            }
        }
        if (_sparse is not null)
        {
            foreach (var entry in _sparse)
            {
                yield return entry;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
