using System.Globalization;
using Bulwark.Scanning.Dependencies.Advisories.Cvss;
using Bulwark.Tests.Shared;

namespace Bulwark.Scanning.Tests.Dependencies.Cvss;

/// <summary>
/// Checks our scores against Fixtures/cvss/vectors.tsv: random valid vectors scored by two independent npm
/// implementations (ae-cvss-calculator and @pandatix/js-cvss) that agreed on each; see generate_vectors.mjs.
/// </summary>
public sealed class CvssFixtureTests
{
    private static readonly string FixturePath = Path.Combine(
        RepositoryPaths.Root, "tests", "Bulwark.Scanning.Tests", "Dependencies", "Fixtures", "cvss", "vectors.tsv");

    private static IEnumerable<(string Type, string Vector, double Expected)> Fixture()
    {
        foreach (var line in File.ReadLines(FixturePath))
        {
            if (line.Length == 0)
            {
                continue;
            }
            var columns = line.Split('\t');
            yield return (columns[0], columns[1], double.Parse(columns[2], NumberStyles.Float, CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("CVSS_V2", "", 150)]
    [InlineData("CVSS_V3", "CVSS:3.0/", 200)]
    [InlineData("CVSS_V3", "CVSS:3.1/", 300)]
    [InlineData("CVSS_V4", "CVSS:4.0/", 500)]
    public void Scores_match_independent_implementations_for_every_fixture_vector(string type, string prefix, int minimum)
    {
        var cases = Fixture().Where(c => c.Type == type && c.Vector.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        cases.Count.ShouldBeGreaterThanOrEqualTo(minimum);

        var mismatches = new List<string>();
        foreach (var (_, vector, expected) in cases)
        {
            if (!CvssCalculator.TryScore(type, vector, out var score, out var error))
            {
                mismatches.Add($"{vector}: rejected ({error})");
            }
            else if (score.BaseScore != expected)
            {
                mismatches.Add($"{vector}: {score.BaseScore.ToString(CultureInfo.InvariantCulture)}, expected {expected.ToString(CultureInfo.InvariantCulture)}");
            }
        }
        mismatches.ShouldBeEmpty();
    }

    [Fact]
    public void Fixture_vectors_keep_their_score_when_metrics_are_reordered()
    {
        var random = new Random(7);
        foreach (var (type, vector, expected) in Fixture().Where((_, index) => index % 5 == 0))
        {
            var parts = vector.Split('/');
            var prefixLength = type == CvssCalculator.TypeV2 ? 0 : 1;
            var metrics = parts[prefixLength..];
            random.Shuffle(metrics);
            var shuffled = string.Join('/', parts[..prefixLength].Concat(metrics));

            CvssCalculator.TryScore(type, shuffled, out var score, out var error).ShouldBeTrue(error);
            score.BaseScore.ShouldBe(expected, shuffled);
        }
    }
}
