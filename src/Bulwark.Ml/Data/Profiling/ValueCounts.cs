namespace Bulwark.Ml.Data.Profiling;

/// <summary>
/// Counts of distinct values (categories, or tokens by document), each split by label, with the first row that
/// held it. At most <c>capacity</c> distinct values are kept; later new values only count as overflow.
/// </summary>
internal sealed class ValueCounts(int capacity)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public long Overflow { get; private set; }

    public long Total { get; private set; }

    public bool Full => _entries.Count >= capacity;

    public IReadOnlyDictionary<string, Entry> Entries => _entries;

    public void Add(ReadOnlySpan<char> value, int label, long row)
    {
        Total++;
        var lookup = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(value, out var entry))
        {
            if (_entries.Count >= capacity)
            {
                Overflow++;
                return;
            }
            entry = new Entry(row);
            lookup[value] = entry;
        }
        entry.Add(label);
    }

    public void Add(string value, int label, long row) => Add(value.AsSpan(), label, row);

    public long CountOf(string value) => _entries.TryGetValue(value, out var entry) ? entry.Count : 0;

    internal sealed class Entry(long firstRow)
    {
        public long Count { get; private set; }

        public long FirstRow { get; } = firstRow;

        /// <summary>Counts by label code; shorter than the label list when later labels never occurred with this value.</summary>
        public long[] ByLabel { get; private set; } = [];

        public long ForLabel(int label) => label < ByLabel.Length ? ByLabel[label] : 0;

        public void Add(int label)
        {
            Count++;
            if (label < 0)
            {
                return;
            }
            if (label >= ByLabel.Length)
            {
                var grown = ByLabel;
                Array.Resize(ref grown, Math.Max(label + 1, ByLabel.Length * 2));
                ByLabel = grown;
            }
            ByLabel[label]++;
        }
    }
}
