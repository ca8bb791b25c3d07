namespace Bulwark.Ml.Data.Statistics;

/// <summary>The two-sample Kolmogorov–Smirnov test on sorted samples.</summary>
internal static class KolmogorovSmirnov
{
    /// <summary>
    /// D = sup |F_a − F_b| and its asymptotic p-value (the Kolmogorov distribution at
    /// (√n_e + 0.12 + 0.11/√n_e)·D with n_e = n_a·n_b/(n_a+n_b), Stephens' small-sample correction).
    /// </summary>
    public static (double D, double P) Test(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return (0, 1);
        }
        int i = 0, j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }
            while (j < b.Length && b[j] <= x)
            {
                j++;
            }
            d = Math.Max(d, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }
        var ne = (double)a.Length * b.Length / (a.Length + b.Length);
        var sqrt = Math.Sqrt(ne);
        return (d, KolmogorovSurvival((sqrt + 0.12 + 0.11 / sqrt) * d));
    }

    /// <summary>Q_KS(λ) = 2 Σ (−1)^(k−1) exp(−2k²λ²).</summary>
    public static double KolmogorovSurvival(double lambda)
    {
        if (lambda < 1e-3)
        {
            return 1;
        }
        double sum = 0, sign = 1, previous = 0;
        for (var k = 1; k <= 100; k++)
        {
            var term = sign * Math.Exp(-2 * k * k * lambda * lambda);
            sum += term;
            if (Math.Abs(term) <= 1e-12 * Math.Abs(sum) || Math.Abs(term) <= 1e-300 || Math.Abs(term) <= 1e-3 * previous)
            {
                return Math.Clamp(2 * sum, 0, 1);
            }
            sign = -sign;
            previous = Math.Abs(term);
        }
        return 1;
    }
}
