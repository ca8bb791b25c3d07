namespace Bulwark.Ml.Data.Statistics;

/// <summary>Order statistics on a sorted sample.</summary>
internal static class Robust
{
    /// <summary>Linear-interpolated quantile (type 7, as numpy's default) of a sorted sample.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var h = (sorted.Length - 1) * q;
        var low = (int)Math.Floor(h);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
    }

    /// <summary>The median absolute deviation scaled by 1.4826 (a standard deviation for normal data).</summary>
    public static double ScaledMad(ReadOnlySpan<double> sorted)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var median = Quantile(sorted, 0.5);
        var deviations = new double[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            deviations[i] = Math.Abs(sorted[i] - median);
        }
        Array.Sort(deviations);
        return 1.4826 * Quantile(deviations, 0.5);
    }
}
