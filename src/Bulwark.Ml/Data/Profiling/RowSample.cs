namespace Bulwark.Ml.Data.Profiling;

/// <summary>
/// A uniform reservoir sample of rows (Vitter's algorithm R with a fixed seed, so runs repeat): the numeric
/// values (NaN when missing) of the file's numeric columns, the label code, the row index and, for text data,
/// the tokens. Every row is in it while the file has at most <see cref="Capacity"/> rows.
/// </summary>
internal sealed class RowSample
{
    private readonly Random _random;

    public RowSample(int capacity, int width, bool text, int seed)
    {
        Capacity = capacity;
        Width = width;
        Values = new double[capacity * width];
        Labels = new int[capacity];
        Rows = new long[capacity];
        Tokens = text ? new string[]?[capacity] : null;
        _random = new Random(seed);
    }

    public int Capacity { get; }

    /// <summary>How many numeric values each sampled row carries.</summary>
    public int Width { get; }

    public int Count { get; private set; }

    public long Seen { get; private set; }

    public double[] Values { get; }

    public int[] Labels { get; }

    public long[] Rows { get; }

    public string[]?[]? Tokens { get; }

    public bool Complete => Seen == Count;

    /// <summary>The slot the current row goes to, or −1 when the row is not sampled.</summary>
    public int Offer(long row)
    {
        Seen++;
        int slot;
        if (Count < Capacity)
        {
            slot = Count++;
        }
        else
        {
            var pick = _random.NextInt64(Seen);
            if (pick >= Capacity)
            {
                return -1;
            }
            slot = (int)pick;
        }
        Rows[slot] = row;
        return slot;
    }

    public Span<double> Row(int slot) => Values.AsSpan(slot * Width, Width);

    private readonly Dictionary<int, double[]> _sorted = [];

    /// <summary>The finite values of one sampled column, sorted (computed once; do not modify).</summary>
    public double[] SortedColumn(int column)
    {
        if (column < 0)
        {
            return [];
        }
        if (_sorted.TryGetValue(column, out var cached))
        {
            return cached;
        }
        var values = new List<double>(Count);
        for (var i = 0; i < Count; i++)
        {
            var value = Values[i * Width + column];
            if (!double.IsNaN(value))
            {
                values.Add(value);
            }
        }
        var array = values.ToArray();
        Array.Sort(array);
        _sorted[column] = array;
        return array;
    }
}
