using System.Runtime.InteropServices;
using Bulwark.Core.Findings;
using Bulwark.Ml.Data.Profiling;
using Bulwark.Ml.Data.Statistics;
using static Bulwark.Ml.Data.DataFindings;

namespace Bulwark.Ml.Data.Checks;

/// <summary>
/// Exact and near duplicates inside the candidate (flagging the later row), and conflicting duplicates: a
/// candidate row equal or nearly equal to an earlier candidate row or to any reference row, with another label.
/// Text rows one token apart count as near duplicates. Rates are compared with the reference's own (scaled
/// up when the candidate is larger, which is conservative), so data that naturally repeats does not fail.
/// </summary>
internal static class DuplicateCheck
{
    private const int NoLabel = -1;
    private const int ManyLabels = -2;
    private const int Unlabelled = -3;

    public static void Run(DataCheckContext context)
    {
        var reference = context.Reference.Keys;
        var candidate = context.Candidate.Keys;
        var text = context.Reference.Schema.TextIndex >= 0 && context.Candidate.Schema.TextIndex >= 0;

        // The reference's own rates: rows repeating an earlier reference row, and those with another label.
        var referenceNear = new Dictionary<ulong, int>(reference.Count);
        var referenceDrop = text ? new Dictionary<ulong, int>(reference.DropCount) : null;
        long referenceDuplicates = 0, referenceConflicts = 0;
        var dropStart = 0;
        for (var row = 0; row < reference.Count; row++)
        {
            var label = reference.Labels[row] >= 0 ? reference.Labels[row] : Unlabelled;
            var seen = Lookup(referenceNear, reference.Near[row]);
            var dropEnd = DropEnd(reference, dropStart, row);
            if (referenceDrop is not null)
            {
                seen = Merge(seen, LookupDrops(referenceDrop, reference.Drop[dropStart..dropEnd]));
            }
            if (seen != NoLabel)
            {
                referenceDuplicates++;
                if (Conflicts(seen, label))
                {
                    referenceConflicts++;
                }
            }
            Insert(referenceNear, reference.Near[row], label);
            if (referenceDrop is not null)
            {
                foreach (var key in reference.Drop[dropStart..dropEnd])
                {
                    Insert(referenceDrop, key, label);
                }
            }
            dropStart = dropEnd;
        }

        var toReference = context.CandidateLabelInReference;
        var candidateNear = new Dictionary<ulong, (int Label, int Row)>(candidate.Count);
        var candidateExact = new HashSet<ulong>(candidate.Count);
        var candidateDrop = text ? new Dictionary<ulong, (int Label, int Row)>(candidate.DropCount) : null;
        var exact = new List<long>();
        var near = new List<long>();
        var conflicts = new List<long>();
        var examples = new List<string>();
        dropStart = 0;
        for (var row = 0; row < candidate.Count; row++)
        {
            var own = candidate.Labels[row];
            var label = own >= 0 ? toReference[own] is >= 0 and var mapped ? mapped : 100_000 + own : Unlabelled;
            var dropEnd = DropEnd(candidate, dropStart, row);
            var drops = candidate.Drop[dropStart..dropEnd];
            var inReference = Lookup(referenceNear, candidate.Near[row]);
            if (referenceDrop is not null)
            {
                inReference = Merge(inReference, LookupDrops(referenceDrop, drops));
            }
            var earlier = candidateNear.TryGetValue(candidate.Near[row], out var match) ? match : (Label: NoLabel, Row: -1);
            if (candidateDrop is not null && earlier.Row < 0)
            {
                foreach (var key in drops)
                {
                    if (candidateDrop.TryGetValue(key, out var hit) && hit.Row != row)
                    {
                        earlier = hit;
                        break;
                    }
                }
            }
            var conflicting = Conflicts(inReference, label) || (earlier.Row >= 0 && Conflicts(earlier.Label, label));
            if (conflicting)
            {
                conflicts.Add(row);
                if (examples.Count < 3)
                {
                    examples.Add(earlier.Row >= 0 && Conflicts(earlier.Label, label) ? $"row {row} vs candidate row {earlier.Row}" : $"row {row} vs a reference row");
                }
            }
            else if (earlier.Row >= 0)
            {
                (candidateExact.Contains(candidate.Exact[row]) ? exact : near).Add(row);
            }
            candidateExact.Add(candidate.Exact[row]);
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(candidateNear, candidate.Near[row], out var existed);
            slot = existed ? (Merge(slot.Label, label), slot.Row) : (label, row);
            if (candidateDrop is not null)
            {
                foreach (var key in drops)
                {
                    ref var dropSlot = ref CollectionsMarshal.GetValueRefOrAddDefault(candidateDrop, key, out var had);
                    dropSlot = had ? (Merge(dropSlot.Label, label), dropSlot.Row) : (label, row);
                }
            }
            dropStart = dropEnd;
        }

        var nr = Math.Max(1, reference.Count);
        var nc = Math.Max(1, candidate.Count);
        var growth = Math.Max(1.0, (double)nc / nr);
        Report(context, DataRules.Duplicate, [.. exact, .. near], (double)referenceDuplicates / nr * growth, nc, context.Options.DuplicateExcess, 1,
            $"{exact.Count:N0} exact and {near.Count:N0} near-duplicate row(s) repeat an earlier candidate row", referenceDuplicates);
        Report(context, DataRules.ConflictingDuplicate, conflicts, (double)referenceConflicts / nr * Math.Max(1.0, (double)(nr + nc) / nr), nc, 0, 3,
            $"{conflicts.Count:N0} row(s) equal or nearly equal another row with a different label ({string.Join("; ", examples)})", referenceConflicts);
    }

    private static void Report(DataCheckContext context, RuleDescriptor rule, List<long> rows, double expected, int n, double excess, int minRows, string what, long referenceCount)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var rate = (double)rows.Count / n;
        var p = Probability.BinomialUpperTail(rows.Count, n, Math.Clamp(Math.Max(expected, 0.5 / n), 0, 1));
        Severity severity = p < context.Options.Alpha && rate - expected >= excess && rows.Count >= minRows ? Error
            : rate > expected ? Warning : Note;
        var keys = context.Candidate.Keys;
        context.Findings.Add(rule, severity,
            $"{what}: {Percent(rate)} of the candidate, the reference's own rate suggests {Percent(expected)} ({referenceCount:N0} in the reference), p = {Format(p)}",
            rows: rows, line: keys.Lines[(int)rows[0]], facts: [("rate", rate), ("expected", expected), ("p", p)]);
    }

    private static int Lookup(Dictionary<ulong, int> map, ulong key) => map.TryGetValue(key, out var label) ? label : NoLabel;

    private static int LookupDrops(Dictionary<ulong, int> map, ReadOnlySpan<ulong> keys)
    {
        var found = NoLabel;
        foreach (var key in keys)
        {
            found = Merge(found, Lookup(map, key));
        }
        return found;
    }

    /// <summary>Combines what is known about the labels behind one key; "no row" and "a row without label" are neutral.</summary>
    private static int Merge(int a, int b) => a is NoLabel or Unlabelled ? (b == NoLabel ? a : b) : b is NoLabel or Unlabelled || a == b ? a : ManyLabels;

    /// <summary>Whether a labelled row meets an earlier key carrying another label.</summary>
    private static bool Conflicts(int seen, int label) => label >= 0 && seen is not (NoLabel or Unlabelled) && (seen == ManyLabels || seen != label);

    private static void Insert(Dictionary<ulong, int> map, ulong key, int label)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(map, key, out var existed);
        slot = existed ? Merge(slot, label) : label;
    }

    /// <summary>The end of <paramref name="row"/>'s drop keys (they are stored in row order).</summary>
    private static int DropEnd(RowKeys keys, int start, int row)
    {
        var rows = keys.DropRows;
        var end = start;
        while (end < rows.Length && rows[end] == row)
        {
            end++;
        }
        return end;
    }
}
