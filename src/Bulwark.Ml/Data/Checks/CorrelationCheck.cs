using Bulwark.Ml.Data.Profiling;
using Bulwark.Ml.Data.Statistics;
using static Bulwark.Ml.Data.DataFindings;

namespace Bulwark.Ml.Data.Checks;

/// <summary>
/// The multivariate check: every pairwise Spearman (rank) correlation of the numeric columns on the row samples,
/// reference against candidate (Fisher z test with the 1.06/(n−3) variance of Spearman's ρ, Benjamini–Hochberg
/// over the pairs). Ranks keep a few outliers from faking a broken relationship. A column whose values were shuffled or
/// regenerated keeps its marginal but loses its correlations; it is named as the column taking part in the most
/// changed pairs.
/// </summary>
internal static class CorrelationCheck
{
    private const int MaxColumns = 64;

    /// <summary>Fewest rows off a column's most common value for its correlations to be tested.</summary>
    private const int MinVaried = 10;

    public static void Run(DataCheckContext context)
    {
        var columns = context.Shared(ColumnKind.Numeric).Where(p => !context.IsIdentifier(p.Candidate.Name))
            .Select(p => (p.Candidate.Name, R: context.Reference.SampleColumn(p.Reference.Index), C: context.Candidate.SampleColumn(p.Candidate.Index)))
            .Take(MaxColumns).ToList();
        if (columns.Count < 2)
        {
            return;
        }
        var before = new RankCorrelation(context.Reference.Sample, [.. columns.Select(c => c.R)]);
        var after = new RankCorrelation(context.Candidate.Sample, [.. columns.Select(c => c.C)]);
        // Fisher's variance 1.06/(n−3) is for continuous data. A column that is mostly one value (sparse pixels, rare
        // flags) carries only its other rows' information, so n is the fewer such rows of the two columns.
        var variedBefore = columns.Select(c => Varied(context.Reference.Sample.SortedColumn(c.R))).ToArray();
        var variedAfter = columns.Select(c => Varied(context.Candidate.Sample.SortedColumn(c.C))).ToArray();
        var pairs = new List<(int A, int B, double Before, double After, double P)>();
        for (var i = 0; i < columns.Count; i++)
        {
            for (var j = i + 1; j < columns.Count; j++)
            {
                var r1 = before.Correlation(i, j);
                var r2 = after.Correlation(i, j);
                var n1 = Math.Min(before.Count, Math.Min(variedBefore[i], variedBefore[j]));
                var n2 = Math.Min(after.Count, Math.Min(variedAfter[i], variedAfter[j]));
                if (double.IsNaN(r1) || double.IsNaN(r2) || n1 < MinVaried || n2 < MinVaried)
                {
                    continue;
                }
                var z = (Fisher(r1) - Fisher(r2)) / Math.Sqrt(1.06 / (n1 - 3) + 1.06 / (n2 - 3));
                pairs.Add((i, j, r1, r2, Probability.NormalTwoSided(z)));
            }
        }
        if (pairs.Count == 0)
        {
            return;
        }
        var q = MultipleTesting.BenjaminiHochberg([.. pairs.Select(p => p.P)]);
        var changed = pairs.Select((p, k) => (Pair: p, Q: q[k], Delta: Math.Abs(p.After - p.Before)))
            .Where(p => p.Q < context.Options.Alpha && p.Delta >= context.Options.CorrelationWarning).ToList();
        if (changed.Count == 0)
        {
            return;
        }
        var involvement = new int[columns.Count];
        foreach (var (pair, _, _) in changed)
        {
            involvement[pair.A]++;
            involvement[pair.B]++;
        }
        var most = involvement.Max();
        for (var c = 0; c < columns.Count; c++)
        {
            if (involvement[c] != most)
            {
                continue;
            }
            var mine = changed.Where(p => p.Pair.A == c || p.Pair.B == c).OrderByDescending(p => p.Delta).ToList();
            var worst = mine[0];
            var other = columns[worst.Pair.A == c ? worst.Pair.B : worst.Pair.A].Name;
            var severity = worst.Delta >= context.Options.CorrelationError ? Error : Warning;
            var list = string.Join(", ", mine.Take(5).Select(p => $"'{columns[p.Pair.A == c ? p.Pair.B : p.Pair.A].Name}' {Format(p.Pair.Before)} → {Format(p.Pair.After)}"));
            context.Findings.Add(DataRules.RelationshipDrift, severity,
                $"column '{columns[c].Name}' changed its relationship with {mine.Count} other column(s) (correlation {list}); its own distribution may look unchanged",
                column: columns[c].Name, facts: [("pair", $"{columns[c].Name},{other}"), ("before", worst.Pair.Before), ("after", worst.Pair.After), ("q", worst.Q), ("change", "correlation")]);
        }
    }

    /// <summary>Values other than the most common one (the column is sorted).</summary>
    private static int Varied(double[] sorted)
    {
        var longest = 0;
        for (int start = 0, i = 1; i <= sorted.Length; i++)
        {
            if (i == sorted.Length || sorted[i] != sorted[start])
            {
                longest = Math.Max(longest, i - start);
                start = i;
            }
        }
        return sorted.Length - longest;
    }

    private static double Fisher(double r) => Math.Atanh(Math.Clamp(r, -0.999999, 0.999999));
}
