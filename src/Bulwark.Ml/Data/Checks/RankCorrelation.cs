using Bulwark.Ml.Data.Profiling;

namespace Bulwark.Ml.Data.Checks;

/// <summary>Spearman correlations between sampled columns, over the sampled rows where all of them are present.</summary>
internal sealed class RankCorrelation
{
    private readonly double[][] _ranks;

    public RankCorrelation(RowSample sample, int[] columns)
    {
        var rows = Enumerable.Range(0, sample.Count).Where(i => columns.All(c => !double.IsNaN(sample.Values[i * sample.Width + c]))).ToArray();
        Count = rows.Length;
        _ranks = [.. columns.Select(c => Ranks([.. rows.Select(i => sample.Values[i * sample.Width + c])]))];
    }

    public int Count { get; }

    /// <summary>ρ of columns i and j (NaN when either is constant or there are fewer than 4 rows).</summary>
    public double Correlation(int i, int j)
    {
        if (Count < 4)
        {
            return double.NaN;
        }
        var a = _ranks[i];
        var b = _ranks[j];
        double ma = 0, mb = 0;
        for (var k = 0; k < Count; k++)
        {
            ma += a[k];
            mb += b[k];
        }
        ma /= Count;
        mb /= Count;
        double cov = 0, va = 0, vb = 0;
        for (var k = 0; k < Count; k++)
        {
            var da = a[k] - ma;
            var db = b[k] - mb;
            cov += da * db;
            va += da * da;
            vb += db * db;
        }
        return va <= 0 || vb <= 0 ? double.NaN : Math.Clamp(cov / Math.Sqrt(va * vb), -1, 1);
    }

    /// <summary>Average ranks (ties share the mean of their positions).</summary>
    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).ToArray();
        Array.Sort((double[])values.Clone(), order);
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && values[order[end]] == values[order[start]])
            {
                end++;
            }
            var rank = (start + end - 1) / 2.0;
            for (var k = start; k < end; k++)
            {
                ranks[order[k]] = rank;
            }
            start = end;
        }
        return ranks;
    }
}
