using Bulwark.Ml.Data.Profiling;
using Bulwark.Ml.Data.Statistics;
using static Bulwark.Ml.Data.DataFindings;

namespace Bulwark.Ml.Data.Checks;

/// <summary>
/// Backdoor triggers: a rare category value, exact numeric value or token that is almost always paired with one
/// label in the candidate (binomial test against that label's share, Benjamini–Hochberg across every candidate
/// value tested) while the reference lacks it (four times rarer or more) or does not tie it to that label.
/// Clean-label triggers are caught the same way: the rows' labels may be right, the pairing is what matters.
/// </summary>
internal static class BackdoorCheck
{
    private const double Enrichment = 4;

    private sealed record Candidate(string Kind, int Column, string Name, string Value, double Number, long Count, long WithLabel, int Label, long ReferenceCount, long ReferenceWithLabel, double P);

    public static void Run(DataCheckContext context)
    {
        if (!context.HasLabels || context.Candidate.Labels.Names.Count < 2)
        {
            return;
        }
        var found = new List<Candidate>();
        foreach (var (before, after) in context.Shared(ColumnKind.Categorical))
        {
            var reference = context.Reference.Categories[before.Index]!;
            foreach (var (value, entry) in context.Candidate.Categories[after.Index]!.Entries)
            {
                reference.Entries.TryGetValue(value, out var old);
                Consider(context, found, "value", after.Index, after.Name, value, 0, entry.Count, entry.ByLabel, context.Candidate.Rows, old);
            }
        }
        if (context.Candidate.Tokens is { } tokens && context.Reference.Tokens is { } referenceTokens)
        {
            var name = context.Candidate.Schema.Columns[context.Candidate.Schema.TextIndex].Name;
            foreach (var (token, entry) in tokens.Entries)
            {
                referenceTokens.Entries.TryGetValue(token, out var old);
                Consider(context, found, "token", context.Candidate.Schema.TextIndex, name, token, 0, entry.Count, entry.ByLabel, context.Candidate.Rows, old);
            }
        }
        NumericValues(context, found);
        if (found.Count == 0)
        {
            return;
        }
        var q = MultipleTesting.BenjaminiHochberg([.. found.Select(f => f.P)]);
        for (var i = 0; i < found.Count; i++)
        {
            var trigger = found[i];
            if (q[i] >= context.Options.Alpha || (double)trigger.WithLabel / trigger.Count < context.Options.BackdoorPurity || TiedInReference(context, trigger))
            {
                continue;
            }
            Report(context, trigger, q[i]);
        }
    }

    private static void Consider(DataCheckContext context, List<Candidate> found, string kind, int column, string name, string value, double number,
        long count, long[] byLabel, long rows, ValueCounts.Entry? reference)
    {
        if (count < context.Options.BackdoorMinRows || count > context.Options.BackdoorMaxShare * rows)
        {
            return;
        }
        var label = 0;
        for (var y = 1; y < byLabel.Length; y++)
        {
            if (byLabel[y] > byLabel[label])
            {
                label = y;
            }
        }
        var withLabel = label < byLabel.Length ? byLabel[label] : 0;
        var share = (double)context.Candidate.Labels.Counts[label] / context.Candidate.Labels.Counts.Sum();
        var mapped = context.CandidateLabelInReference[label];
        found.Add(new Candidate(kind, column, name, value, number, count, withLabel, label,
            reference?.Count ?? 0, mapped >= 0 && reference is not null ? reference.ForLabel(mapped) : 0,
            Probability.BinomialUpperTail(withLabel, count, share)));
    }

    /// <summary>Exact numeric values repeated in the candidate's row sample (continuous columns rarely repeat a value).</summary>
    private static void NumericValues(DataCheckContext context, List<Candidate> found)
    {
        var candidate = context.Candidate.Sample;
        var reference = context.Reference.Sample;
        var labels = context.Candidate.Labels.Names.Count;
        foreach (var (before, after) in context.Shared(ColumnKind.Numeric))
        {
            // Whole-number columns repeat values by nature (ages, counts): their values are categories in disguise.
            if (context.IsIdentifier(after.Name) || before.Integral || after.Integral)
            {
                continue;
            }
            var c = context.Candidate.SampleColumn(after.Index);
            var counts = new Dictionary<double, long[]>();
            for (var slot = 0; slot < candidate.Count; slot++)
            {
                var value = candidate.Values[slot * candidate.Width + c];
                if (double.IsNaN(value) || candidate.Labels[slot] < 0)
                {
                    continue;
                }
                if (!counts.TryGetValue(value, out var byLabel))
                {
                    counts[value] = byLabel = new long[labels];
                }
                byLabel[candidate.Labels[slot]]++;
            }
            var repeated = counts.Where(kv => kv.Value.Sum() >= context.Options.BackdoorMinRows).ToList();
            if (repeated.Count == 0 || repeated.Count > 1000)
            {
                // Many repeated values: a discrete column, where values are categories in disguise; leave it.
                continue;
            }
            var r = context.Reference.SampleColumn(before.Index);
            foreach (var (value, byLabel) in repeated)
            {
                var referenceCount = 0L;
                var referenceByLabel = new long[context.Reference.Labels.Names.Count];
                for (var slot = 0; slot < reference.Count; slot++)
                {
                    if (reference.Values[slot * reference.Width + r] == value)
                    {
                        referenceCount++;
                        if (reference.Labels[slot] >= 0)
                        {
                            referenceByLabel[reference.Labels[slot]]++;
                        }
                    }
                }
                var entry = new ValueCounts.Entry(0);
                for (var y = 0; y < referenceByLabel.Length; y++)
                {
                    for (var k = 0; k < referenceByLabel[y]; k++)
                    {
                        entry.Add(y);
                    }
                }
                for (var k = referenceByLabel.Sum(); k < referenceCount; k++)
                {
                    entry.Add(-1);
                }
                Consider(context, found, "number", after.Index, after.Name, value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), value, byLabel.Sum(), byLabel, candidate.Count, entry);
            }
        }
    }

    /// <summary>The reference already has the value about as often, tied to the same label: a natural cue, not a trigger.</summary>
    private static bool TiedInReference(DataCheckContext context, Candidate trigger)
    {
        var scale = trigger.Kind == "number"
            ? (double)context.Candidate.Sample.Count / Math.Max(1, context.Reference.Sample.Count)
            : (double)context.Candidate.Rows / Math.Max(1, context.Reference.Rows);
        var expected = trigger.ReferenceCount * scale;
        if (expected * Enrichment <= trigger.Count)
        {
            return false;
        }
        return trigger.ReferenceCount > 0 && (double)trigger.ReferenceWithLabel / trigger.ReferenceCount >= context.Options.BackdoorPurity - 0.15;
    }

    private static void Report(DataCheckContext context, Candidate trigger, double q)
    {
        var label = context.Candidate.Labels.Names[trigger.Label];
        var hits = trigger.Kind switch
        {
            "token" => context.Collector.WantToken(trigger.Value),
            "number" => context.Collector.WantNumber(trigger.Column, trigger.Number),
            _ => context.Collector.WantValue(trigger.Column, trigger.Value),
        };
        var what = trigger.Kind == "token" ? $"token '{trigger.Value}' in '{trigger.Name}'" : $"value {trigger.Value} of column '{trigger.Name}'";
        var referenceText = trigger.ReferenceCount == 0 ? "never appears in the reference" : $"appears {trigger.ReferenceCount:N0} time(s) in the reference ({trigger.ReferenceWithLabel:N0} with that label)";
        context.AfterCollect(() => context.Findings.Add(DataRules.Backdoor, Error,
            $"possible backdoor trigger: {what} occurs in {hits.Count:N0} candidate row(s), {Percent((double)trigger.WithLabel / trigger.Count)} of them labelled '{label}', and {referenceText}; adjusted p = {Format(q)}",
            column: trigger.Name, token: trigger.Value, rows: hits.Rows, line: hits.FirstLine,
            facts: [("label", label), ("purity", (double)trigger.WithLabel / trigger.Count), ("referenceCount", trigger.ReferenceCount), ("q", q), ("kind", trigger.Kind), ("value", trigger.Value)]));
    }
}
