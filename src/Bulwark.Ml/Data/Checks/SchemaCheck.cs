using Bulwark.Ml.Data.Profiling;
using Bulwark.Ml.Data.Statistics;
using static Bulwark.Ml.Data.DataFindings;

namespace Bulwark.Ml.Data.Checks;

/// <summary>
/// Columns dropped, added or renamed; type changes; numeric columns holding text or NaN/Infinity; category
/// values the reference never had (beyond the Good–Turing estimate of how many unseen values a fresh sample has).
/// </summary>
internal static class SchemaCheck
{
    public static void Run(DataCheckContext context)
    {
        var reference = context.Reference.Schema;
        var candidate = context.Candidate.Schema;
        var dropped = reference.Columns.Where(c => candidate.Find(c.Name) is null && !context.Exclusions.IsIgnored(c.Name)).ToList();
        var added = candidate.Columns.Where(c => reference.Find(c.Name) is null && !context.Exclusions.IsIgnored(c.Name)).ToList();
        foreach (var old in dropped.ToList())
        {
            if (added.FirstOrDefault(n => Same(context, old, n)) is { } renamed)
            {
                context.Findings.Add(DataRules.SchemaChange, Error,
                    $"column '{old.Name}' was renamed to '{renamed.Name}' (same type, same distribution)", column: renamed.Name,
                    facts: [("change", "renamed"), ("from", old.Name)]);
                dropped.Remove(old);
                added.Remove(renamed);
            }
        }
        foreach (var column in dropped)
        {
            context.Findings.Add(DataRules.SchemaChange, Error, $"column '{column.Name}' ({column.TypeName}) is in the reference but not in the candidate",
                column: column.Name, facts: [("change", "dropped")]);
        }
        foreach (var column in added)
        {
            context.Findings.Add(DataRules.SchemaChange, Warning, $"column '{column.Name}' ({column.TypeName}) is new in the candidate",
                column: column.Name, facts: [("change", "added")]);
        }
        foreach (var column in candidate.Columns.Where(c => !context.Exclusions.IsIgnored(c.Name)))
        {
            if (reference.Find(column.Name) is { } before && before.TypeName != column.TypeName && before.Kind != ColumnKind.Empty && column.Kind != ColumnKind.Empty)
            {
                // int → float usually means NaN crept in; number ↔ string breaks every consumer.
                var widening = before.Kind == ColumnKind.Numeric && column.Kind == ColumnKind.Numeric;
                context.Findings.Add(DataRules.SchemaChange, widening ? Warning : Error,
                    $"column '{column.Name}' changed type from {before.TypeName} to {column.TypeName}", column: column.Name,
                    facts: [("change", "type"), ("from", before.TypeName), ("to", column.TypeName)]);
            }
        }
        Mixed(context, context.Candidate, Error);
        Mixed(context, context.Reference, Note);
        UnseenCategories(context);
    }

    private static bool Same(DataCheckContext context, ColumnInfo old, ColumnInfo renamed)
    {
        if (old.TypeName != renamed.TypeName)
        {
            return false;
        }
        if (old.Kind == ColumnKind.Numeric)
        {
            var a = context.Reference.Sample.SortedColumn(context.Reference.SampleColumn(old.Index));
            var b = context.Candidate.Sample.SortedColumn(context.Candidate.SampleColumn(renamed.Index));
            var (d, p) = KolmogorovSmirnov.Test(a, b);
            return a.Length > 0 && p > context.Options.Alpha && d < context.Options.KsWarning;
        }
        if (old.Kind == ColumnKind.Categorical)
        {
            var a = context.Reference.Categories[old.Index]!;
            var b = context.Candidate.Categories[renamed.Index]!;
            var shared = b.Entries.Keys.Count(a.Entries.ContainsKey);
            return b.Entries.Count > 0 && shared >= 0.9 * b.Entries.Count && shared >= 0.9 * a.Entries.Count;
        }
        return false;
    }

    private static void Mixed(DataCheckContext context, DatasetProfile profile, Core.Findings.Severity severity)
    {
        var isCandidate = ReferenceEquals(profile, context.Candidate);
        foreach (var column in profile.Schema.Columns.Where(c => c.Kind == ColumnKind.Numeric && !context.Exclusions.IsIgnored(c.Name)))
        {
            var stats = profile.Numeric[column.Index]!;
            var where = isCandidate ? "" : " of the reference";
            if (stats.Mixed > 0)
            {
                var first = stats.MixedRows[0];
                context.Findings.Add(DataRules.SchemaChange, severity,
                    $"numeric column '{column.Name}'{where} holds text in {stats.Mixed:N0} row(s), first '{first.Text}' at {Path.GetFileName(profile.Path)}:{first.Line}, column {column.Index + 1}",
                    column: column.Name, rows: isCandidate ? [.. stats.MixedRows.Select(r => r.Row)] : null, line: isCandidate ? first.Line : 0,
                    facts: [("change", "mixed-types"), ("count", stats.Mixed)]);
            }
            if (stats.NonFinite > 0)
            {
                var first = stats.NonFiniteRows[0];
                context.Findings.Add(DataRules.NonFinite, severity,
                    $"column '{column.Name}'{where} holds NaN or infinity in {stats.NonFinite:N0} row(s), first '{first.Text}' at {Path.GetFileName(profile.Path)}:{first.Line}, column {column.Index + 1}",
                    column: column.Name, rows: isCandidate ? [.. stats.NonFiniteRows.Select(r => r.Row)] : null, line: isCandidate ? first.Line : 0,
                    facts: [("change", "non-finite"), ("count", stats.NonFinite)]);
            }
        }
    }

    private static void UnseenCategories(DataCheckContext context)
    {
        foreach (var (before, after) in context.Shared(ColumnKind.Categorical))
        {
            var reference = context.Reference.Categories[before.Index]!;
            var candidate = context.Candidate.Categories[after.Index]!;
            if (reference.Full || candidate.Full || context.IsIdentifier(after.Name))
            {
                continue;
            }
            var unseen = candidate.Entries.Where(e => !reference.Entries.ContainsKey(e.Key)).ToList();
            if (unseen.Count == 0)
            {
                continue;
            }
            var rows = unseen.Sum(e => e.Value.Count);
            // Good–Turing: the share of a fresh sample expected to hold unseen values is the share of singletons.
            var singletons = reference.Entries.Count(e => e.Value.Count == 1);
            var expected = Math.Max((double)singletons / Math.Max(1, reference.Total), 0.5 / Math.Max(1, reference.Total));
            var share = (double)rows / Math.Max(1, candidate.Total);
            var p = Probability.BinomialUpperTail(rows, candidate.Total, expected);
            var severity = p < context.Options.Alpha && share - expected >= 0.01 ? Error : p < context.Options.Alpha ? Warning : Note;
            var hits = unseen.Take(1000).Select(e => context.Collector.WantValue(after.Index, e.Key)).ToList();
            var names = string.Join(", ", unseen.OrderByDescending(e => e.Value.Count).Take(5).Select(e => $"'{e.Key}' ({e.Value.Count:N0})"));
            context.AfterCollect(() => context.Findings.Add(DataRules.SchemaChange, severity,
                $"column '{after.Name}' has {unseen.Count:N0} value(s) never seen in the reference in {rows:N0} row(s) ({Percent(share)}; about {Percent(expected)} expected): {names}",
                column: after.Name, rows: [.. hits.SelectMany(h => h.Rows)], line: hits.Min(h => h.FirstLine),
                facts: [("change", "unseen-values"), ("value", unseen.OrderByDescending(e => e.Value.Count).First().Key), ("share", share), ("p", p)]));
        }
    }
}
