namespace Bulwark.Ml.Data.Statistics;

/// <summary>Corrections for testing many columns (or tokens, or column pairs) at once.</summary>
internal static class MultipleTesting
{
    /// <summary>
    /// Benjamini–Hochberg adjusted p-values (q-values): reject where q ≤ α to keep the expected share of false
    /// discoveries at most α (valid for independent or positively dependent tests).
    /// </summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> p)
    {
        var m = p.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ToArray();
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var i = order[rank - 1];
            running = Math.Min(running, p[i] * m / rank);
            adjusted[i] = Math.Min(1, running);
        }
        return adjusted;
    }
}
