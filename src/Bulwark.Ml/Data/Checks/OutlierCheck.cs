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
            if (DataCheckContext.IsIdentifier(after.Name))
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
            var far = width > 0 ? context.Options.OutlierRangeMargin * width : 0;
            var hits = new List<Extreme>();
            var farCount = 0;
            foreach (var extreme in candidate.Largest.Where(e => e.Value > reference.Max).Concat(candidate.Smallest.Where(e => e.Value < reference.Min)))
            {
                var z = scale > 0 ? Math.Abs(extreme.Value - median) / scale : double.PositiveInfinity;
                if (z < context.Options.OutlierZ)
                {
                    continue;
                }
                hits.Add(extreme);
                if (extreme.Value > reference.Max + far || extreme.Value < reference.Min - far)
                {
                    farCount++;
                }
            }
            if (hits.Count == 0)
            {
                continue;
            }
            Severity severity = farCount > 0 ? Error : Warning;
            var worst = hits.MaxBy(h => Math.Abs(h.Value - median));
            var capped = hits.Count >= context.Options.MaxListedRows ? "at least " : "";
            context.Findings.Add(DataRules.Outlier, severity,
                $"column '{after.Name}' has {capped}{hits.Count:N0} value(s) outside the reference range [{Format(reference.Min)}, {Format(reference.Max)}] at robust z ≥ {Format(context.Options.OutlierZ)}, {farCount:N0} of them far outside; most extreme {Format(worst.Value)} at line {worst.Line}",
                column: after.Name, rows: [.. hits.Select(h => h.Row)], line: worst.Line,
                facts: [("min", reference.Min), ("max", reference.Max), ("median", median), ("robustScale", scale), ("worst", worst.Value), ("farRows", farCount)]);
        }
    }
}
