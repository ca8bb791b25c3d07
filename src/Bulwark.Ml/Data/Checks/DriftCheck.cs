using Bulwark.Core.Findings;
using Bulwark.Ml.Data.Profiling;
using Bulwark.Ml.Data.Statistics;
using static Bulwark.Ml.Data.DataFindings;

namespace Bulwark.Ml.Data.Checks;

/// <summary>
/// Per-column distribution tests — two-sample Kolmogorov–Smirnov for numbers and text length, chi-square with
/// the population stability index for categories, a two-proportion test for the missing-value rate — corrected
/// together with Benjamini–Hochberg. A significant test is a finding; its effect size picks the severity.
/// </summary>
internal static class DriftCheck
{
    private const int MaxCategoriesTested = 1000;

    private sealed record Test(string Column, string Statistic, double Effect, double P, double ErrorAt, double WarningAt, string Detail);

    public static void Run(DataCheckContext context)
    {
        var tests = new List<Test>();
        foreach (var (before, after) in context.Shared(ColumnKind.Numeric))
        {
            if (context.IsIdentifier(after.Name))
            {
                continue;
            }
            var a = context.Reference.Sample.SortedColumn(context.Reference.SampleColumn(before.Index));
            var b = context.Candidate.Sample.SortedColumn(context.Candidate.SampleColumn(after.Index));
            if (a.Length > 0 && b.Length > 0)
            {
                var (d, p) = KolmogorovSmirnov.Test(a, b);
                tests.Add(new Test(after.Name, "ks", d, p, context.Options.KsError, context.Options.KsWarning,
                    $"KS D = {Format(d)} (median {Format(Robust.Quantile(a, 0.5))} → {Format(Robust.Quantile(b, 0.5))})"));
            }
            var missingBefore = context.Reference.Numeric[before.Index]!;
            var missingAfter = context.Candidate.Numeric[after.Index]!;
            AddMissing(context, tests, after.Name, missingBefore.Missing + missingBefore.Mixed + missingBefore.NonFinite, missingAfter.Missing + missingAfter.Mixed + missingAfter.NonFinite);
        }
        foreach (var (before, after) in context.Shared(ColumnKind.Categorical))
        {
            var reference = context.Reference.Categories[before.Index]!;
            var candidate = context.Candidate.Categories[after.Index]!;
            if (reference.Full || candidate.Full || context.IsIdentifier(after.Name) || reference.Entries.Count > 0.5 * context.Reference.Rows)
            {
                continue;
            }
            var (p, psi) = CompareCounts(reference, candidate);
            tests.Add(new Test(after.Name, "psi", psi, p, context.Options.PsiError, context.Options.PsiWarning, $"PSI = {Format(psi)}"));
            AddMissing(context, tests, after.Name, context.Reference.Rows - reference.Total, context.Candidate.Rows - candidate.Total);
        }
        if (context.Reference.Schema.TextIndex >= 0 && context.Candidate.Schema.TextIndex >= 0)
        {
            var name = context.Candidate.Schema.Columns[context.Candidate.Schema.TextIndex].Name;
            var a = context.Reference.Sample.SortedColumn(context.Reference.TextLengthColumn);
            var b = context.Candidate.Sample.SortedColumn(context.Candidate.TextLengthColumn);
            var (d, p) = KolmogorovSmirnov.Test(a, b);
            tests.Add(new Test(name, "text-length-ks", d, p, context.Options.KsError, context.Options.KsWarning,
                $"text length KS D = {Format(d)} (median {Format(Robust.Quantile(a, 0.5))} → {Format(Robust.Quantile(b, 0.5))} tokens)"));
        }
        Report(context, tests);
        if (context.Reference.Tokens is { } referenceTokens && context.Candidate.Tokens is { } candidateTokens)
        {
            Vocabulary(context, context.Candidate.Schema.Columns[context.Candidate.Schema.TextIndex].Name, referenceTokens, candidateTokens);
        }
    }

    private static void AddMissing(DataCheckContext context, List<Test> tests, string column, long before, long after)
    {
        if (before + after == 0)
        {
            return;
        }
        var p = Probability.TwoProportions(before, context.Reference.Rows, after, context.Candidate.Rows);
        var change = Math.Abs((double)after / context.Candidate.Rows - (double)before / context.Reference.Rows);
        tests.Add(new Test(column, "missing-rate", change, p, 0.2, 0.05,
            $"missing values {Percent((double)before / context.Reference.Rows)} → {Percent((double)after / context.Candidate.Rows)}"));
    }

    /// <summary>Chi-square p and PSI over the most frequent categories of both sides (the rest pooled as "other").</summary>
    private static (double P, double Psi) CompareCounts(ValueCounts reference, ValueCounts candidate)
    {
        var keys = reference.Entries.Keys.Union(candidate.Entries.Keys)
            .OrderByDescending(k => reference.CountOf(k) + candidate.CountOf(k)).Take(MaxCategoriesTested).ToList();
        var a = new long[keys.Count + 1];
        var b = new long[keys.Count + 1];
        for (var i = 0; i < keys.Count; i++)
        {
            a[i] = reference.CountOf(keys[i]);
            b[i] = candidate.CountOf(keys[i]);
        }
        a[^1] = reference.Total - a.Sum();
        b[^1] = candidate.Total - b.Sum();
        return (Categorical.ChiSquare(a, b).P, Categorical.Psi(a, b));
    }

    private static void Report(DataCheckContext context, List<Test> tests)
    {
        if (tests.Count == 0)
        {
            return;
        }
        var q = MultipleTesting.BenjaminiHochberg([.. tests.Select(t => t.P)]);
        for (var i = 0; i < tests.Count; i++)
        {
            var test = tests[i];
            if (q[i] >= context.Options.Alpha)
            {
                continue;
            }
            Severity severity = test.Effect >= test.ErrorAt ? Error : test.Effect >= test.WarningAt ? Warning : Note;
            context.Findings.Add(DataRules.FeatureDrift, severity,
                $"column '{test.Column}' drifted: {test.Detail}, p = {Format(test.P)}, adjusted {Format(q[i])}",
                column: test.Column, facts: [("statistic", test.Statistic), ("effect", test.Effect), ("p", test.P), ("q", q[i]), ("change", test.Statistic)]);
        }
    }

    /// <summary>
    /// Document-frequency changes of the most common tokens (two-proportion tests, Benjamini–Hochberg), summed
    /// into a PSI over those tokens' shares.
    /// </summary>
    private static void Vocabulary(DataCheckContext context, string column, ValueCounts reference, ValueCounts candidate)
    {
        var nr = context.Reference.Rows;
        var nc = context.Candidate.Rows;
        var tokens = reference.Entries.Where(e => e.Value.Count >= 5).OrderByDescending(e => e.Value.Count).Take(500).Select(e => e.Key)
            .Union(candidate.Entries.Where(e => e.Value.Count >= 5).OrderByDescending(e => e.Value.Count).Take(500).Select(e => e.Key)).ToList();
        if (tokens.Count == 0)
        {
            return;
        }
        var p = tokens.Select(t => Probability.TwoProportions(reference.CountOf(t), nr, candidate.CountOf(t), nc)).ToList();
        var q = MultipleTesting.BenjaminiHochberg(p);
        var changed = tokens.Select((t, i) => (Token: t, Q: q[i], Change: (double)candidate.CountOf(t) / nc - (double)reference.CountOf(t) / nr))
            .Where(t => t.Q < context.Options.Alpha).OrderByDescending(t => Math.Abs(t.Change)).ToList();
        if (changed.Count == 0)
        {
            return;
        }
        var psi = Categorical.Psi([.. tokens.Select(reference.CountOf)], [.. tokens.Select(candidate.CountOf)]);
        Severity severity = psi >= context.Options.PsiError ? Error : psi >= context.Options.PsiWarning ? Warning : Note;
        var top = string.Join(", ", changed.Take(5).Select(t => $"'{t.Token}' {(t.Change > 0 ? "+" : "")}{Percent(t.Change)}"));
        context.Findings.Add(DataRules.FeatureDrift, severity,
            $"text column '{column}' vocabulary drifted: {changed.Count} token(s) changed document frequency ({top}); PSI over the top tokens = {Format(psi)}",
            column: column, token: changed[0].Token, facts: [("statistic", "vocabulary"), ("effect", psi), ("change", "vocabulary")]);
    }
}
