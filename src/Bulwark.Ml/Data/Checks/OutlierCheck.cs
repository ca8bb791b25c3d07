using Bulwark.Core.Findings;
using Bulwark.Ml.Data.Profiling;
using static Bulwark.Ml.Data.DataFindings;

namespace Bulwark.Ml.Data.Checks;

/// <summary>
/// Candidate values outside the reference's full range whose robust z (|x − median| / (1.4826·MAD), from the
/// reference) reaches <c>outlier_z</c>. A value beyond the range by more than <c>outlier_range_margin</c> range
/// widths fails the gate: a fresh sample of the same distribution essentially never does that (only extremely
/// heavy tails, such as Cauchy data, can).
/// </summary>
internal static class OutlierCheck
{
    public static void Run(DataCheckContext context)
    {
        foreach (var (before, after) in context.Shared(ColumnKind.Numeric))
        {
            if (context.IsIdentifier(after.Name))
            {
                continue;
            }
            var reference = context.Reference.Numeric[before.Index]!;
            var candidate = context.Candidate.Numeric[after.Index]!;
            var (median, scale, _) = context.RobustScale(before);
            if (reference.Count == 0 || !(scale > 0) && reference.Max > reference.Min)
            {
                continue;
            }
            var width = reference.Max - reference.Min;
            var margin = context.Options.OutlierRangeMargin * width;
            var far = new List<Extreme>();
            var near = new List<Extreme>();
            foreach (var extreme in candidate.Largest.Where(e => e.Value > reference.Max).Concat(candidate.Smallest.Where(e => e.Value < reference.Min)))
            {
                var z = scale > 0 ? Math.Abs(extreme.Value - median) / scale : double.PositiveInfinity;
                if (z >= context.Options.OutlierZ)
                {
                    // A constant reference column has no scale to call a new value far by: it is only worth a look.
                    (width > 0 && (extreme.Value > reference.Max + margin || extreme.Value < reference.Min - margin) ? far : near).Add(extreme);
                }
            }
            Report(context, after.Name, far, Error, "far outside", reference, median, scale);
            Report(context, after.Name, near, Warning, "outside", reference, median, scale);
        }
    }

    private static void Report(DataCheckContext context, string column, List<Extreme> hits, Severity severity, string how, NumericStats reference, double median, double scale)
    {
        if (hits.Count == 0)
        {
            return;
        }
        var worst = hits.MaxBy(h => Math.Abs(h.Value - median));
        var capped = hits.Count >= context.Options.MaxListedRows ? "at least " : "";
        var rule = severity == Error ? $"by more than {Format(context.Options.OutlierRangeMargin)} range width(s)" : $"at robust z ≥ {Format(context.Options.OutlierZ)}";
        context.Findings.Add(DataRules.Outlier, severity,
            $"column '{column}' has {capped}{hits.Count:N0} value(s) {how} the reference range [{Format(reference.Min)}, {Format(reference.Max)}] {rule}; most extreme {Format(worst.Value)} at line {worst.Line}",
            column: column, rows: [.. hits.Select(h => h.Row)], line: worst.Line,
            facts: [("min", reference.Min), ("max", reference.Max), ("median", median), ("robustScale", scale), ("worst", worst.Value), ("change", how)]);
    }
}
