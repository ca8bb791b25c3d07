using Bulwark.Ml.Data.Profiling;
using Bulwark.Ml.Data.Statistics;

namespace Bulwark.Ml.Data.Checks;

/// <summary>The two profiles being compared, the options, and the findings collected so far.</summary>
internal sealed class DataCheckContext
{
    public DataCheckContext(DatasetProfile reference, DatasetProfile candidate, DataCheckOptions options, DataFindings findings, ColumnExclusions exclusions)
    {
        Exclusions = exclusions;
        Reference = reference;
        Candidate = candidate;
        Options = options;
        Findings = findings;
        CandidateLabelInReference = [.. candidate.Labels.Names.Select(reference.Labels.Find)];
    }

    public DatasetProfile Reference { get; }

    public DatasetProfile Candidate { get; }

    public DataCheckOptions Options { get; }

    public DataFindings Findings { get; }

    /// <summary>Lists candidate rows by value in a second pass; findings that need them are added afterwards.</summary>
    public required RowCollector Collector { get; init; }

    private readonly List<Action> _afterCollect = [];

    /// <summary>Runs once the collector's pass is done (to add findings that list the collected rows).</summary>
    public void AfterCollect(Action action) => _afterCollect.Add(action);

    public void FinishCollected()
    {
        foreach (var action in _afterCollect)
        {
            action();
        }
    }

    /// <summary>By candidate label code, the reference code of the same label (−1 when the reference never had it).</summary>
    public int[] CandidateLabelInReference { get; }

    public bool HasLabels => Reference.Schema.LabelIndex >= 0 && Candidate.Schema.LabelIndex >= 0 && !Reference.Labels.TooMany && !Candidate.Labels.TooMany;

    /// <summary>Columns of one kind present in both files, by name, in the candidate's order.</summary>
    public IEnumerable<(ColumnInfo Reference, ColumnInfo Candidate)> Shared(ColumnKind kind) =>
        Candidate.Schema.Columns
            .Where(c => c.Kind == kind)
            .Select(c => (Reference: Reference.Schema.Find(c.Name), Candidate: c))
            .Where(p => p.Reference?.Kind == kind)
            .Select(p => (p.Reference!, p.Candidate));

    public ColumnExclusions Exclusions { get; }

    /// <summary>Identifier-like or ignored: not compared by distribution, correlation, outlier or trigger checks.</summary>
    public bool IsIdentifier(string name) => Exclusions.IsIdentifier(name);

    /// <summary>Median and robust scale of a reference numeric column from its sample (scale falls back to IQR, then range).</summary>
    public (double Median, double Scale, double[] Sorted) RobustScale(ColumnInfo column)
    {
        var sorted = Reference.Sample.SortedColumn(Reference.SampleColumn(column.Index));
        if (sorted.Length == 0)
        {
            return (double.NaN, double.NaN, sorted);
        }
        var scale = Statistics.Robust.ScaledMad(sorted);
        if (!(scale > 0))
        {
            scale = (Statistics.Robust.Quantile(sorted, 0.75) - Statistics.Robust.Quantile(sorted, 0.25)) / 1.349;
        }
        if (!(scale > 0))
        {
            scale = (sorted[^1] - sorted[0]) / 6;
        }
        return (Statistics.Robust.Quantile(sorted, 0.5), scale, sorted);
    }
}
