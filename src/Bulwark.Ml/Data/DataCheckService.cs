using Bulwark.Core.Findings;
using Bulwark.Ml.Data.Checks;
using Bulwark.Ml.Data.Profiling;
using Bulwark.Ml.Data.Reading;
using Bulwark.Ml.Data.Statistics;

namespace Bulwark.Ml.Data;

/// <summary>
/// <c>bulwark data check</c> as a library: infers both files' columns, profiles them in parallel (one streaming
/// pass each), runs every check, lists the rows that need a second pass, and returns a report.
/// </summary>
internal sealed class DataCheckService(TimeProvider time)
{
    public const string Gate = "data check";

    /// <exception cref="DataReadException">A file is missing, malformed, empty or lacks the label column.</exception>
    public ScanReport Run(DataCheckRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var text = request.TextColumn;
        var referenceSchema = SchemaInference.Infer(request.ReferencePath, request.LabelColumn, text, request.Limits, cancellationToken);
        var candidateSchema = SchemaInference.Infer(request.CandidatePath, request.LabelColumn, text, request.Limits, cancellationToken);
        var plan = Plan(referenceSchema, candidateSchema, request.Options);
        var profiles = new[] { referenceSchema, candidateSchema }
            .AsParallel().AsOrdered().WithCancellation(cancellationToken).WithDegreeOfParallelism(2)
            .Select(schema => DatasetProfiler.Profile(schema, plan, request.Limits, cancellationToken))
            .ToArray();
        var (reference, candidate) = (profiles[0], profiles[1]);
        var profiled = time.GetElapsedTime(started);
        var findings = new DataFindings(Path.GetFileName(request.CandidatePath), request.Options.MaxListedRows);
        var context = new DataCheckContext(reference, candidate, request.Options, findings)
        {
            Collector = new RowCollector(candidateSchema, request.Options.MaxListedRows),
        };
        var timings = new List<string>();
        void Timed(string name, Action<DataCheckContext> check)
        {
            var at = time.GetTimestamp();
            check(context);
            timings.Add($"{name} {time.GetElapsedTime(at).TotalSeconds:0.00}");
        }
        Timed("schema", SchemaCheck.Run);
        Timed("drift", DriftCheck.Run);
        Timed("correlation", CorrelationCheck.Run);
        Timed("label shift", LabelShiftCheck.Run);
        if (!request.DriftOnly)
        {
            Timed("label noise", LabelNoiseCheck.Run);
            Timed("duplicates", DuplicateCheck.Run);
            Timed("outliers", OutlierCheck.Run);
            Timed("backdoor", BackdoorCheck.Run);
        }
        var checkedAt = time.GetElapsedTime(started);
        context.Collector.Run(request.Limits, cancellationToken);
        context.FinishCollected();
        var notices = Notices(reference, candidate, request);
        notices.Add(new Notice(NoticeLevel.Info, candidate.Path,
            $"timing: reading and profiling {profiled.TotalSeconds:0.00} s, checks {(checkedAt - profiled).TotalSeconds:0.00} s ({string.Join(", ", timings)}), row listing {(time.GetElapsedTime(started) - checkedAt).TotalSeconds:0.00} s"));
        var disabled = request.Options.DisableRules.ToHashSet(StringComparer.Ordinal);
        var reported = findings.Items.Where(f => !disabled.Contains(f.RuleId))
            .OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal).ToList();
        var bytes = new FileInfo(request.ReferencePath).Length + new FileInfo(request.CandidatePath).Length;
        return new ScanReport(request.DriftOnly ? "drift" : Gate, Path.GetDirectoryName(Path.GetFullPath(request.CandidatePath))!, reported, DataRules.All,
            notices, new ScanStatistics(2, bytes, time.GetElapsedTime(started)));
    }

    /// <summary>Duplicate keys use the columns both files have (by name, so order does not matter) minus label and identifiers.</summary>
    private static ProfilePlan Plan(DatasetSchema reference, DatasetSchema candidate, DataCheckOptions options)
    {
        var keys = reference.Columns
            .Where(c => c.Kind != ColumnKind.Label && !DataCheckContext.IsIdentifier(c.Name) && candidate.Find(c.Name) is { Kind: not ColumnKind.Label })
            .Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        var scales = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var column in reference.Columns.Where(c => c.Kind == ColumnKind.Numeric))
        {
            var values = (double[])reference.InferenceValues[column.Index].Clone();
            Array.Sort(values);
            var scale = values.Length == 0 ? 0 : Robust.ScaledMad(values);
            if (!(scale > 0) && values.Length > 0)
            {
                scale = (values[^1] - values[0]) / 6;
            }
            scales[column.Name] = scale > 0 ? scale : 0;
        }
        return new ProfilePlan(keys, scales) { NearEpsilon = options.NearDuplicateEpsilon, SampleRows = options.SampleRows, Extremes = options.MaxListedRows };
    }

    private static List<Notice> Notices(DatasetProfile reference, DatasetProfile candidate, DataCheckRequest request)
    {
        var notices = new List<Notice>();
        foreach (var profile in new[] { reference, candidate })
        {
            if (!profile.Sample.Complete)
            {
                // DKW: the sampled CDF is within ε = √(ln(2/0.05)/(2n)) of the file's CDF with 95% confidence.
                var epsilon = Math.Sqrt(Math.Log(2 / 0.05) / (2.0 * profile.Sample.Count));
                notices.Add(new Notice(NoticeLevel.Info, profile.Path,
                    $"{profile.Rows:N0} rows: KS tests, label noise and value triggers use a uniform sample of {profile.Sample.Count:N0} rows (CDF error ≤ {epsilon:0.0000} at 95% confidence)"));
            }
            if (profile.Schema.Skipped.Count > 0)
            {
                notices.Add(new Notice(NoticeLevel.Warning, profile.Path, $"columns not checked: {string.Join("; ", profile.Schema.Skipped)}"));
            }
            if (profile.Keys.DropKeysTruncated)
            {
                notices.Add(new Notice(NoticeLevel.Info, profile.Path, "one-token-apart duplicate keys stopped at the key budget; later texts are compared whole only"));
            }
            if (profile.Schema.LabelIndex >= 0 && profile.Labels.TooMany)
            {
                notices.Add(new Notice(NoticeLevel.Warning, profile.Path, $"the label column has more than {LabelCounts.MaxLabels:N0} distinct values: label checks skipped"));
            }
            foreach (var column in profile.Schema.Columns.Where(c => c.Kind == ColumnKind.Categorical && profile.Categories[c.Index]!.Full))
            {
                notices.Add(new Notice(NoticeLevel.Info, profile.Path, $"column '{column.Name}' has more than {profile.Categories[column.Index]!.Entries.Count:N0} distinct values: treated as an identifier, not compared"));
            }
        }
        if (request.TextColumn is { } text && reference.Schema.TextIndex < 0 && candidate.Schema.TextIndex < 0 && request.TextColumn != "text")
        {
            notices.Add(new Notice(NoticeLevel.Warning, candidate.Path, $"no text column '{text}' in either file"));
        }
        return notices;
    }
}
