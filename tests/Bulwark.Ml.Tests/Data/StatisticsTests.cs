using Bulwark.Ml.Data.Statistics;

namespace Bulwark.Ml.Tests.Data;

public sealed class StatisticsTests
{
    [Fact]
    public void Kolmogorov_survival_matches_the_table()
    {
        // Critical values of the Kolmogorov distribution: 1.358 at 5%, 1.628 at 1%.
        KolmogorovSmirnov.KolmogorovSurvival(1.358).ShouldBe(0.05, 0.001);
        KolmogorovSmirnov.KolmogorovSurvival(1.628).ShouldBe(0.01, 0.0005);
        KolmogorovSmirnov.KolmogorovSurvival(0.2).ShouldBe(1, 1e-6);
    }

    [Fact]
    public void Two_sample_ks_separates_shifted_from_equal_samples()
    {
        var random = new Random(3);
        double[] Normal(int n, double shift) => [.. Enumerable.Range(0, n).Select(_ => shift + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).Order()];
        var same = KolmogorovSmirnov.Test(Normal(2000, 0), Normal(2000, 0));
        same.P.ShouldBeGreaterThan(0.01);
        var shifted = KolmogorovSmirnov.Test(Normal(2000, 0), Normal(2000, 0.3));
        shifted.P.ShouldBeLessThan(1e-6);
        shifted.D.ShouldBeInRange(0.08, 0.18);
        KolmogorovSmirnov.Test([1, 2, 3], [1, 2, 3]).D.ShouldBe(0);
    }

    [Fact]
    public void Chi_square_psi_and_total_variation_have_their_textbook_values()
    {
        Categorical.ChiSquareSurvival(3.841, 1).ShouldBe(0.05, 1e-3);
        Categorical.ChiSquareSurvival(5.991, 2).ShouldBe(0.05, 1e-3);
        var (statistic, df, p) = Categorical.ChiSquare([50, 50], [30, 70]);
        df.ShouldBe(1);
        statistic.ShouldBe(8.333, 1e-3);
        p.ShouldBeLessThan(0.01);
        Categorical.Psi([500, 500], [500, 500]).ShouldBe(0);
        Categorical.Psi([500, 500], [300, 700]).ShouldBe(0.2 * Math.Log(7.0 / 3), 1e-9);
        Categorical.TotalVariation([1, 1], [0, 2]).ShouldBe(0.5);
    }

    [Fact]
    public void Benjamini_hochberg_adjusts_like_the_reference_implementation()
    {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.2), "BH") = 0.04 0.0533 0.0533 0.2
        var q = MultipleTesting.BenjaminiHochberg([0.01, 0.04, 0.03, 0.2]);
        q[0].ShouldBe(0.04, 1e-9);
        q[1].ShouldBe(0.053333, 1e-5);
        q[2].ShouldBe(0.053333, 1e-5);
        q[3].ShouldBe(0.2, 1e-9);
    }

    [Fact]
    public void Binomial_tail_and_robust_scale()
    {
        Probability.BinomialUpperTail(10, 10, 0.5).ShouldBe(Math.Pow(0.5, 10), 1e-12);
        Probability.BinomialUpperTail(0, 10, 0.5).ShouldBe(1);
        Probability.BinomialUpperTail(1, 10, 0.1).ShouldBe(1 - Math.Pow(0.9, 10), 1e-12);
        Robust.Quantile([1, 2, 3, 4], 0.5).ShouldBe(2.5);
        Robust.ScaledMad([1, 2, 3, 4, 100]).ShouldBe(1.4826, 1e-9);
    }
}
