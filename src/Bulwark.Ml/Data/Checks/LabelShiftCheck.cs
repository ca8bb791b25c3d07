using Bulwark.Core.Findings;
using Bulwark.Ml.Data.Statistics;
using static Bulwark.Ml.Data.DataFindings;

namespace Bulwark.Ml.Data.Checks;

/// <summary>Prior shift of the label (chi-square test, total variation distance) and labels the reference never had.</summary>
internal static class LabelShiftCheck
{
    public static void Run(DataCheckContext context)
    {
        if (!context.HasLabels)
        {
            return;
        }
        var reference = context.Reference.Labels;
        var candidate = context.Candidate.Labels;
        var column = context.Candidate.Schema.Columns[context.Candidate.Schema.LabelIndex].Name;
        var names = reference.Names.Union(candidate.Names).ToList();
        long[] a = [.. names.Select(n => reference.Find(n) is var i and >= 0 ? reference.Counts[i] : 0)];
        long[] b = [.. names.Select(n => candidate.Find(n) is var i and >= 0 ? candidate.Counts[i] : 0)];
        var (_, _, p) = Categorical.ChiSquare(a, b);
        var tvd = Categorical.TotalVariation(a, b);
        if (p < context.Options.Alpha && tvd >= context.Options.LabelShiftWarning)
        {
            Severity severity = tvd >= context.Options.LabelShiftError ? Error : Warning;
            var shares = string.Join(", ", names.Select((n, i) => $"'{n}' {Percent((double)a[i] / a.Sum())} → {Percent((double)b[i] / b.Sum())}"));
            context.Findings.Add(DataRules.LabelShift, severity, $"the label distribution of '{column}' changed ({shares}); total variation {Format(tvd)}, p = {Format(p)}",
                column: column, facts: [("statistic", "chi-square"), ("effect", tvd), ("p", p), ("change", "prior")]);
        }
        var labelIndex = context.Candidate.Schema.LabelIndex;
        foreach (var name in candidate.Names.Where(n => reference.Find(n) < 0))
        {
            var hits = context.Collector.WantValue(labelIndex, name);
            context.AfterCollect(() => context.Findings.Add(DataRules.LabelShift, Error,
                $"label '{name}' of '{column}' never appears in the reference ({hits.Count:N0} candidate row(s))",
                column: column, token: name, rows: hits.Rows, line: hits.FirstLine, facts: [("change", "new-label"), ("value", name)]));
        }
    }
}
