namespace Bulwark.Ml.Data.Profiling;

/// <summary>
/// Streaming sums for the Pearson correlation matrix over rows where every tracked column is present, shifted
/// by the first such row for numerical stability.
/// </summary>
internal sealed class CorrelationSums(int width)
{
    private readonly double[] _shift = new double[width];
    private readonly double[] _sum = new double[width];
    private readonly double[] _products = new double[width * width];

    public int Width { get; } = width;

    public long Count { get; private set; }

    public void Add(ReadOnlySpan<double> row)
    {
        if (Count == 0)
        {
            row.CopyTo(_shift);
        }
        Count++;
        Span<double> centred = stackalloc double[Width];
        for (var i = 0; i < Width; i++)
        {
            centred[i] = row[i] - _shift[i];
            _sum[i] += centred[i];
        }
        for (var i = 0; i < Width; i++)
        {
            var ci = centred[i];
            var line = _products.AsSpan(i * Width, Width);
            for (var j = i; j < Width; j++)
            {
                line[j] += ci * centred[j];
            }
        }
    }

    /// <summary>The correlation of columns i and j (NaN when either is constant or there are fewer than 3 rows).</summary>
    public double Correlation(int i, int j)
    {
        if (Count < 3)
        {
            return double.NaN;
        }
        var (a, b) = i <= j ? (i, j) : (j, i);
        var n = (double)Count;
        var cov = _products[a * Width + b] - _sum[a] * _sum[b] / n;
        var va = _products[a * Width + a] - _sum[a] * _sum[a] / n;
        var vb = _products[b * Width + b] - _sum[b] * _sum[b] / n;
        return va <= 1e-12 * Math.Max(1, Math.Abs(_products[a * Width + a])) || vb <= 1e-12 * Math.Max(1, Math.Abs(_products[b * Width + b]))
            ? double.NaN
            : Math.Clamp(cov / Math.Sqrt(va * vb), -1, 1);
    }
}
