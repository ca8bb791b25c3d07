namespace Bulwark.Ml.Data.Profiling;

/// <summary>Streaming statistics of one numeric column, with the most extreme values and the rows holding them.</summary>
internal sealed class NumericStats(int extremes)
{
    private const int MaxRecordedRows = 1000;

    private readonly PriorityQueue<Extreme, double> _top = new();
    private readonly PriorityQueue<Extreme, double> _bottom = new();
    private double _topFloor = double.NegativeInfinity;
    private double _bottomFloor = double.NegativeInfinity;

    public long Count { get; private set; }
    public long Missing { get; set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public double Sum { get; private set; }

    /// <summary>Rows holding NaN or ±Infinity (the first 1,000), and how many there were.</summary>
    public List<(long Row, long Line, string Text)> NonFiniteRows { get; } = [];
    public long NonFinite { get; private set; }

    /// <summary>Rows holding text in this numeric column (the first 1,000), and how many there were.</summary>
    public List<(long Row, long Line, string Text)> MixedRows { get; } = [];
    public long Mixed { get; private set; }

    public void Add(double value, long row, long line)
    {
        Count++;
        Sum += value;
        if (value < Min)
        {
            Min = value;
        }
        if (value > Max)
        {
            Max = value;
        }
        // Most values are not extreme: one comparison with the heap's floor skips them.
        if (value > _topFloor)
        {
            _topFloor = Keep(_top, value, value, row, line);
        }
        if (-value > _bottomFloor)
        {
            _bottomFloor = Keep(_bottom, -value, value, row, line);
        }
    }

    public void AddNonFinite(long row, long line, string text)
    {
        if (NonFinite++ < MaxRecordedRows)
        {
            NonFiniteRows.Add((row, line, text));
        }
    }

    public void AddMixed(long row, long line, string text)
    {
        if (Mixed++ < MaxRecordedRows)
        {
            MixedRows.Add((row, line, text));
        }
    }

    /// <summary>The largest values (at most the configured number), largest first.</summary>
    public IReadOnlyList<Extreme> Largest => [.. _top.UnorderedItems.Select(i => i.Element).OrderByDescending(e => e.Value)];

    /// <summary>The smallest values, smallest first.</summary>
    public IReadOnlyList<Extreme> Smallest => [.. _bottom.UnorderedItems.Select(i => i.Element).OrderBy(e => e.Value)];

    /// <summary>Keeps the value if it is among the most extreme; returns the priority a value must now beat.</summary>
    private double Keep(PriorityQueue<Extreme, double> heap, double priority, double value, long row, long line)
    {
        if (heap.Count < extremes)
        {
            heap.Enqueue(new Extreme(value, row, line), priority);
            return double.NegativeInfinity;
        }
        heap.EnqueueDequeue(new Extreme(value, row, line), priority);
        heap.TryPeek(out _, out var floor);
        return floor;
    }
}

internal readonly record struct Extreme(double Value, long Row, long Line);
