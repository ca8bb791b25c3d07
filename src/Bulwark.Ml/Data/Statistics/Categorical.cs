using MathNet.Numerics;

namespace Bulwark.Ml.Data.Statistics;

/// <summary>Tests on two count vectors over the same categories.</summary>
internal static class Categorical
{
    /// <summary>Pearson's chi-square test of homogeneity (2×k table); categories empty in both are dropped.</summary>
    public static (double Statistic, int DegreesOfFreedom, double P) ChiSquare(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        double na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            na += a[i];
            nb += b[i];
        }
        if (na == 0 || nb == 0)
        {
            return (0, 0, 1);
        }
        double statistic = 0;
        var used = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var total = a[i] + b[i];
            if (total == 0)
            {
                continue;
            }
            used++;
            var ea = total * na / (na + nb);
            var eb = total * nb / (na + nb);
            statistic += (a[i] - ea) * (a[i] - ea) / ea + (b[i] - eb) * (b[i] - eb) / eb;
        }
        var df = used - 1;
        return df <= 0 ? (0, 0, 1) : (statistic, df, ChiSquareSurvival(statistic, df));
    }

    public static double ChiSquareSurvival(double statistic, int degreesOfFreedom) =>
        statistic <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, statistic / 2.0);

    /// <summary>
    /// Population stability index Σ (q − p)·ln(q/p) over the category shares, each share floored at 1e-4 so an
    /// empty category gives a large but finite term (the usual convention).
    /// </summary>
    public static double Psi(ReadOnlySpan<long> reference, ReadOnlySpan<long> candidate)
    {
        double nr = 0, nc = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            nr += reference[i];
            nc += candidate[i];
        }
        if (nr == 0 || nc == 0)
        {
            return 0;
        }
        double psi = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            var p = Math.Max(reference[i] / nr, 1e-4);
            var q = Math.Max(candidate[i] / nc, 1e-4);
            psi += (q - p) * Math.Log(q / p);
        }
        return psi;
    }

    /// <summary>Total variation distance ½ Σ |p − q| between the two share vectors.</summary>
    public static double TotalVariation(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        double na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            na += a[i];
            nb += b[i];
        }
        if (na == 0 || nb == 0)
        {
            return 0;
        }
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] / na - b[i] / nb);
        }
        return sum / 2;
    }
}
