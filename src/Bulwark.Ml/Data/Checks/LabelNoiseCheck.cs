using System.Globalization;
using Bulwark.Ml.Data.Profiling;
using Bulwark.Ml.Data.Statistics;
using static Bulwark.Ml.Data.DataFindings;

namespace Bulwark.Ml.Data.Checks;

/// <summary>
/// Label noise: a candidate row is suspect when most of its k nearest reference rows (robustly standardised
/// numeric features) — or, for text, a Bernoulli naive Bayes model of the reference — agree on another label.
/// The reference scored the same way (leave-one-out) gives the rate that natural class overlap produces; only
/// a significant excess over it fails the gate. Works on the row samples: with more rows than
/// <c>label_noise_rows</c>, the suspect rate is estimated within ±1.96·√(r(1−r)/n) and the rows listed are those
/// of the sample.
/// </summary>
internal static class LabelNoiseCheck
{
    private const int BaselineRows = 2000;

    public static void Run(DataCheckContext context)
    {
        if (!context.HasLabels || context.Reference.Labels.Names.Count < 2)
        {
            return;
        }
        var scored = context.Reference.Schema.TextIndex >= 0 && context.Candidate.Schema.TextIndex >= 0
            ? TextScores(context)
            : NeighbourScores(context);
        if (scored is null)
        {
            return;
        }
        var (candidate, baseline, method) = scored.Value;
        if (candidate.Count == 0 || baseline.Count == 0)
        {
            return;
        }
        // Two confidence levels, Bonferroni-corrected: the configured one, and near-unanimous disagreement. On small,
        // well-separated data (iris, wine) natural class overlap gives some rows at the configured level but almost
        // none where every neighbour disagrees, so a few flipped labels stand out there long before they do above.
        var levels = context.Options.LabelNoiseConfidence < Unanimous ? new[] { context.Options.LabelNoiseConfidence, Unanimous } : [context.Options.LabelNoiseConfidence];
        var tests = levels.Select(level => Test(candidate, baseline, level)).ToList();
        var (threshold, suspects, r1, r0, rawP) = tests.MinBy(t => t.P);
        if (suspects.Count == 0 || r1 <= r0)
        {
            return;
        }
        var p = Math.Min(1, rawP * levels.Length);
        var severity = p < context.Options.Alpha && r1 - r0 >= context.Options.LabelNoiseExcess ? Error : Note;
        var column = context.Candidate.Schema.Columns[context.Candidate.Schema.LabelIndex].Name;
        var confidence = suspects.Take(context.Options.MaxListedRows)
            .Select(s => $"{s.Row}={s.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}:{s.Suggested}").ToList();
        var line = context.Candidate.Keys.Count > suspects[0].Row ? context.Candidate.Keys.Lines[(int)suspects[0].Row] : 0;
        context.Findings.Add(DataRules.LabelNoise, severity,
            $"{suspects.Count:N0} of {candidate.Count:N0} checked rows ({Percent(r1)}) have a label that their {method} disagree with (confidence ≥ {Format(threshold)}); the reference itself shows {Percent(r0)}, p = {Format(p)} (Bonferroni over {levels.Length} confidence level(s))",
            column: column, rows: [.. suspects.Select(s => s.Row)], line: line,
            lists: new Dictionary<string, IReadOnlyList<string>> { ["rowConfidence"] = confidence },
            facts: [("rate", r1), ("referenceRate", r0), ("checked", candidate.Count), ("method", method), ("p", p), ("confidence", threshold)]);
    }

    internal readonly record struct Score(long Row, double Confidence, string Suggested);

    /// <summary>Every neighbour (or a posterior of at least this) on another label.</summary>
    private const double Unanimous = 0.99;

    /// <summary>Suspects at one confidence level, both rates and the one-sided two-proportion p of the excess.</summary>
    private static (double Level, List<Score> Suspects, double R1, double R0, double P) Test(List<Score> candidate, List<Score> baseline, double level)
    {
        var suspects = candidate.Where(s => s.Confidence >= level).OrderByDescending(s => s.Confidence).ToList();
        var baselineSuspects = baseline.Count(s => s.Confidence >= level);
        var r1 = (double)suspects.Count / candidate.Count;
        var r0 = (double)baselineSuspects / baseline.Count;
        var p = suspects.Count == 0 || r1 <= r0 ? 1 : Probability.TwoProportions(suspects.Count, candidate.Count, baselineSuspects, baseline.Count) / 2;
        return (level, suspects, r1, r0, p);
    }

    private static (List<Score>, List<Score>, string)? NeighbourScores(DataCheckContext context)
    {
        var features = context.Shared(ColumnKind.Numeric).Where(p => !context.IsIdentifier(p.Candidate.Name))
            .Select(p => (Scale: context.RobustScale(p.Reference), R: context.Reference.SampleColumn(p.Reference.Index), C: context.Candidate.SampleColumn(p.Candidate.Index)))
            .Where(f => f.Scale.Scale > 0)
            .ToList();
        if (features.Count == 0)
        {
            return null;
        }
        var width = features.Count;
        var reference = context.Reference.Sample;
        var picks = Pick(reference.Count, context.Options.LabelNoiseReferenceRows, 1).Where(i => reference.Labels[i] >= 0).ToArray();
        var points = new double[picks.Length * width];
        var labels = new int[picks.Length];
        for (var n = 0; n < picks.Length; n++)
        {
            Standardise(reference.Row(picks[n]), features.Select(f => (f.R, f.Scale.Median, f.Scale.Scale)).ToArray(), points.AsSpan(n * width, width));
            labels[n] = reference.Labels[picks[n]];
        }
        var index = new NeighbourIndex(points, labels, width);
        var k = Math.Min(context.Options.LabelNoiseNeighbours, Math.Max(1, picks.Length - 1));
        var names = context.Reference.Labels.Names;
        var referenceFeatures = features.Select(f => (f.R, f.Scale.Median, f.Scale.Scale)).ToArray();
        var candidateFeatures = features.Select(f => (f.C, f.Scale.Median, f.Scale.Scale)).ToArray();
        var baselineCount = Math.Min(BaselineRows, picks.Length);
        var baselineScores = new Score[baselineCount];
        Parallel.For(0, baselineCount, () => new Votes(names.Count, k, width), (n, _, buffers) =>
        {
            index.Vote(points.AsSpan(n * width, width), k, n, buffers.Counts, buffers.Distances, buffers.Labels);
            baselineScores[n] = Disagreement(buffers.Counts, labels[n], reference.Rows[picks[n]], names);
            return buffers;
        }, _ => { });
        var baseline = baselineScores.ToList();
        var candidate = context.Candidate.Sample;
        var slots = Pick(candidate.Count, context.Options.LabelNoiseRows, 2)
            .Where(slot => candidate.Labels[slot] >= 0 && context.CandidateLabelInReference[candidate.Labels[slot]] >= 0).ToArray();
        var candidateScores = new Score[slots.Length];
        Parallel.For(0, slots.Length, () => new Votes(names.Count, k, width), (n, _, buffers) =>
        {
            var slot = slots[n];
            Standardise(candidate.Row(slot), candidateFeatures, buffers.Query);
            index.Vote(buffers.Query, k, -1, buffers.Counts, buffers.Distances, buffers.Labels);
            candidateScores[n] = Disagreement(buffers.Counts, context.CandidateLabelInReference[candidate.Labels[slot]], candidate.Rows[slot], names);
            return buffers;
        }, _ => { });
        var scores = candidateScores.ToList();
        return (scores, baseline, $"{k} nearest reference rows");
    }

    private static (List<Score>, List<Score>, string)? TextScores(DataCheckContext context)
    {
        var model = NaiveBayes.Train(context.Reference);
        if (model is null)
        {
            return null;
        }
        var names = context.Reference.Labels.Names;
        var reference = context.Reference.Sample;
        var baseline = new List<Score>();
        foreach (var slot in Pick(reference.Count, BaselineRows, 1))
        {
            if (reference.Labels[slot] >= 0 && reference.Tokens![slot] is { } tokens)
            {
                var posterior = model.Posterior(tokens, leaveOut: reference.Labels[slot]);
                baseline.Add(Disagreement(posterior, reference.Labels[slot], reference.Rows[slot], names));
            }
        }
        var candidate = context.Candidate.Sample;
        var scores = new List<Score>();
        foreach (var slot in Pick(candidate.Count, context.Options.LabelNoiseRows, 2))
        {
            var label = candidate.Labels[slot];
            var mapped = label >= 0 ? context.CandidateLabelInReference[label] : -1;
            if (mapped >= 0 && candidate.Tokens![slot] is { } tokens)
            {
                scores.Add(Disagreement(model.Posterior(tokens, leaveOut: -1), mapped, candidate.Rows[slot], names));
            }
        }
        return (scores, baseline, "naive Bayes model of the reference");
    }

    private static Score Disagreement(ReadOnlySpan<int> votes, int label, long row, List<string> names)
    {
        var total = 0;
        var best = -1;
        for (var i = 0; i < votes.Length; i++)
        {
            total += votes[i];
            if (i != label && (best < 0 || votes[i] > votes[best]))
            {
                best = i;
            }
        }
        return total == 0 || best < 0 ? new Score(row, 0, "") : new Score(row, (double)votes[best] / total, names[best]);
    }

    private static Score Disagreement(double[] posterior, int label, long row, List<string> names)
    {
        var best = -1;
        for (var i = 0; i < posterior.Length; i++)
        {
            if (i != label && (best < 0 || posterior[i] > posterior[best]))
            {
                best = i;
            }
        }
        return best < 0 ? new Score(row, 0, "") : new Score(row, posterior[best], names[best]);
    }

    private sealed class Votes(int labels, int k, int width)
    {
        public int[] Counts { get; } = new int[labels];
        public double[] Distances { get; } = new double[k];
        public int[] Labels { get; } = new int[k];
        public double[] Query { get; } = new double[width];
    }

    private static void Standardise(ReadOnlySpan<double> row, (int Column, double Median, double Scale)[] features, Span<double> into)
    {
        var d = 0;
        foreach (var (column, median, scale) in features)
        {
            var value = row[column];
            // A missing value sits at the median: it neither attracts nor repels neighbours.
            into[d++] = double.IsNaN(value) ? 0 : Math.Clamp((value - median) / scale, -50, 50);
        }
    }

    /// <summary>A seeded random subset of slot numbers (all of them, shuffled, when there are few).</summary>
    private static int[] Pick(int count, int wanted, int seed)
    {
        var slots = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(slots);
        return slots.Length <= wanted ? slots : slots[..wanted];
    }
}
