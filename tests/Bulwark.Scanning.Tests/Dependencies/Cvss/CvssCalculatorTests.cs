using Bulwark.Scanning.Dependencies.Advisories.Cvss;

namespace Bulwark.Scanning.Tests.Dependencies.Cvss;

/// <summary>Well-known vectors; expected scores as FIRST's calculators and ae-cvss-calculator give them.</summary>
public sealed class CvssCalculatorTests
{
    [Theory]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N", 5.4)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1)]
    [InlineData("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6)]
    // Scope changed raises PR:H from 0.27 to 0.5: 5.5 instead of 3.8 unchanged.
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:L/I:L/A:N", 5.5)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N", 3.8)]
    // The unrounded score lands on 7.46 give or take floating-point error; one npm implementation returns 7.46.
    [InlineData("CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:C/C:H/I:H/A:N", 7.5)]
    [InlineData("CVSS:3.0/AV:L/AC:H/PR:L/UI:N/S:C/C:H/I:H/A:N", 7.5)]
    public void Scores_cvss3_vectors(string vector, double expected) => Score("CVSS_V3", vector).ShouldBe(expected);

    [Theory]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3)]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0)]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0)]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", 5.3)]
    // Ties at x.x5 that floating point leaves just below: the reference calculator rounds them up since 2024.
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H", 8.6)]
    [InlineData("CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:N/VC:H/VI:N/VA:L/SC:N/SI:L/SA:L", 5.7)]
    // A vector that a regression in the reference calculator once scored 5.9.
    [InlineData("CVSS:4.0/AV:A/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N", 6.1)]
    // Threat and environmental metrics take part (CVSS-BT / CVSS-BE); supplemental metrics do not.
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 8.1)]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:L/IR:L/AR:L", 8.9)]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSI:S", 10.0)]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/MVC:H", 8.7)]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:P/AU:Y/R:I/V:C/RE:H/U:Red", 9.3)]
    public void Scores_cvss4_vectors(string vector, double expected) => Score("CVSS_V4", vector).ShouldBe(expected);

    [Theory]
    [InlineData("AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0)]
    [InlineData("AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5)]
    [InlineData("AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3)]
    [InlineData("AV:N/AC:L/Au:N/C:N/I:N/A:N", 0.0)]
    [InlineData("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:U/RL:OF/RC:C", 7.5)]
    public void Scores_cvss2_vectors(string vector, double expected) => Score("CVSS_V2", vector).ShouldBe(expected);

    [Fact]
    public void Cvss3_temporal_and_environmental_metrics_do_not_change_the_base_score()
    {
        Score("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U/CR:L/MAV:P/MS:C/MC:N").ShouldBe(9.8);
    }

    [Fact]
    public void Result_carries_version_rating_and_the_vector_as_given()
    {
        const string Vector = " CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H ";
        CvssCalculator.TryScore("cvss_v3", Vector, out var score, out var error).ShouldBeTrue(error);
        score.ShouldBe(new CvssScore("3.0", 9.8, "Critical", Vector));
        error.ShouldBeNull();
    }

    [Theory]
    [InlineData("CVSS_V2", "AV:N/AC:L/Au:N/C:N/I:N/A:N", "2.0")]
    [InlineData("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.1")]
    [InlineData("CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "4.0")]
    public void Reports_the_vector_version(string type, string vector, string version)
    {
        CvssCalculator.TryScore(type, vector, out var score, out _).ShouldBeTrue();
        score.Version.ShouldBe(version);
    }

    [Theory]
    [InlineData(0.0, "None")]
    [InlineData(0.1, "Low")]
    [InlineData(3.9, "Low")]
    [InlineData(4.0, "Medium")]
    [InlineData(6.9, "Medium")]
    [InlineData(7.0, "High")]
    [InlineData(8.9, "High")]
    [InlineData(9.0, "Critical")]
    [InlineData(10.0, "Critical")]
    public void Rates_scores_on_the_qualitative_scale(double score, string rating) =>
        CvssRating.FromScore(score).ShouldBe(rating);

    [Fact]
    public void Cvss31_round_up_ignores_floating_point_residue_that_cvss30_rounds_up()
    {
        Cvss3Scorer.RoundUp30(4.000000000000001).ShouldBe(4.1);
        Cvss3Scorer.RoundUp31(4.000000000000001).ShouldBe(4.0);
        Cvss3Scorer.RoundUp31(4.02).ShouldBe(4.1);
        Cvss3Scorer.RoundUp31(4.0).ShouldBe(4.0);
    }

    private static double Score(string type, string vector)
    {
        CvssCalculator.TryScore(type, vector, out var score, out var error).ShouldBeTrue(error);
        score.Rating.ShouldBe(CvssRating.FromScore(score.BaseScore));
        return score.BaseScore;
    }
}
