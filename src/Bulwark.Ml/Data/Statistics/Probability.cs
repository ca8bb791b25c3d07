using MathNet.Numerics;

namespace Bulwark.Ml.Data.Statistics;

internal static class Probability
{
    /// <summary>P(X ≥ k) for X ~ Binomial(n, p).</summary>
    public static double BinomialUpperTail(long k, long n, double p)
    {
        if (k <= 0)
        {
            return 1;
        }
        if (k > n)
        {
            return 0;
        }
        if (p <= 0)
        {
            return 0;
        }
        return p >= 1 ? 1 : Math.Clamp(SpecialFunctions.BetaRegularized(k, n - k + 1, p), 0, 1);
    }

    /// <summary>Two-sided p-value of a standard normal statistic.</summary>
    public static double NormalTwoSided(double z) => double.IsFinite(z) ? SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2)) : 0;

    /// <summary>Two-sided test of equal proportions k1/n1 and k2/n2 (pooled z).</summary>
    public static double TwoProportions(long k1, long n1, long k2, long n2)
    {
        if (n1 == 0 || n2 == 0)
        {
            return 1;
        }
        var pooled = (double)(k1 + k2) / (n1 + n2);
        var variance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
        return variance <= 0 ? 1 : NormalTwoSided(((double)k1 / n1 - (double)k2 / n2) / Math.Sqrt(variance));
    }
}
