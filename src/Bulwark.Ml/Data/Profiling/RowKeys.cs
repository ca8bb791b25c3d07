namespace Bulwark.Ml.Data.Profiling;

/// <summary>
/// Per row: the exact key (hash of the normalised feature cells), the near key (numbers rounded on a grid of
/// ε robust standard deviations, text reduced to its lower-cased tokens), the label code and the line; for text
/// data, "token-drop" keys (the token sequence with one token left out) so texts one token apart meet.
/// </summary>
internal sealed class RowKeys
{
    private ulong[] _exact = new ulong[1024];
    private ulong[] _near = new ulong[1024];
    private int[] _labels = new int[1024];
    private long[] _lines = new long[1024];
    private ulong[] _drop = new ulong[1024];
    private int[] _dropRows = new int[1024];

    public int Count { get; private set; }

    public int DropCount { get; private set; }

    /// <summary>Set when the drop-key budget ran out: later rows have no one-token-apart keys.</summary>
    public bool DropKeysTruncated { get; private set; }

    public ReadOnlySpan<ulong> Exact => _exact.AsSpan(0, Count);
    public ReadOnlySpan<ulong> Near => _near.AsSpan(0, Count);
    public ReadOnlySpan<int> Labels => _labels.AsSpan(0, Count);
    public ReadOnlySpan<long> Lines => _lines.AsSpan(0, Count);
    public ReadOnlySpan<ulong> Drop => _drop.AsSpan(0, DropCount);
    public ReadOnlySpan<int> DropRows => _dropRows.AsSpan(0, DropCount);

    public void Add(ulong exact, ulong near, int label, long line)
    {
        if (Count == _exact.Length)
        {
            var size = Count * 2;
            Array.Resize(ref _exact, size);
            Array.Resize(ref _near, size);
            Array.Resize(ref _labels, size);
            Array.Resize(ref _lines, size);
        }
        _exact[Count] = exact;
        _near[Count] = near;
        _labels[Count] = label;
        _lines[Count] = line;
        Count++;
    }

    public void AddDrop(ulong key, int row, int budget)
    {
        if (DropCount >= budget)
        {
            DropKeysTruncated = true;
            return;
        }
        if (DropCount == _drop.Length)
        {
            Array.Resize(ref _drop, DropCount * 2);
            Array.Resize(ref _dropRows, DropCount * 2);
        }
        _drop[DropCount] = key;
        _dropRows[DropCount] = row;
        DropCount++;
    }
}
