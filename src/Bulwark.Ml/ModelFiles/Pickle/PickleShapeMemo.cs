namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// The memo as <see cref="PickleDataPass"/> follows it: a <see cref="PickleShape"/> per key, counted exactly as
/// <see cref="PickleMemo"/> counts entries. Pickler-written keys (0, 1, 2, …) live in chunks of 4,096 (32 KB, below the
/// large object heap); keys far from that range, as hand-written pickles may use, go to a dictionary. Callers add at
/// most twice the memo limit of keys.
/// </summary>
internal sealed class PickleShapeMemo(int maxKeys)
{
    private const int ChunkBits = 12;
    private const int ChunkMask = (1 << ChunkBits) - 1;

    /// <summary>Keys below this are dense: twice the memo limit, so a bounded number of keys stays a bounded array.</summary>
    private readonly long _denseRange = 2L * maxKeys + 1024;

    private PickleShape[]?[] _chunks = [];
    private Dictionary<long, PickleShape>? _sparse;

    public int Count { get; private set; }

    /// <summary>The shape stored under <paramref name="key"/>; empty when there is none.</summary>
    public PickleShape Get(long key)
    {
        if ((ulong)key < (ulong)_denseRange)
        {
            var chunk = key >> ChunkBits;
            return chunk < _chunks.Length && _chunks[chunk] is { } slots ? slots[key & ChunkMask] : default;
        }
        return _sparse is not null && _sparse.TryGetValue(key, out var shape) ? shape : default;
    }

    public bool Contains(long key) => !Get(key).IsEmpty;

    /// <summary>Stores <paramref name="shape"/> (never empty) under <paramref name="key"/>, a new entry or a replaced one.</summary>
    public void Set(long key, PickleShape shape)
    {
        if ((ulong)key < (ulong)_denseRange)
        {
            var chunk = (int)(key >> ChunkBits);
            if (chunk >= _chunks.Length)
            {
                Array.Resize(ref _chunks, (int)Math.Min(Math.Max(chunk + 1, 2L * _chunks.Length), (_denseRange >> ChunkBits) + 1));
            }
            var slots = _chunks[chunk] ??= new PickleShape[1 << ChunkBits];
            Count += slots[key & ChunkMask].IsEmpty ? 1 : 0;
            slots[key & ChunkMask] = shape;
            return;
        }
        _sparse ??= [];
        Count += _sparse.ContainsKey(key) ? 0 : 1;
        _sparse[key] = shape;
    }
}
