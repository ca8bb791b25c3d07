using Bulwark.Core.Findings;
using Bulwark.Ml.Data.Checks;
using Bulwark.Ml.Data.Profiling;
using Bulwark.Ml.Data.Reading;
using Bulwark.Ml.Data.Statistics;
using Bulwark.Ml.Data.Windows;

namespace Bulwark.Ml.Data;

/// <summary>
/// <c>bulwark data check</c> as a library: infers both files' columns, profiles them in parallel (one streaming
/// pass each), runs every check, lists the rows that need a second pass, and returns a report.
/// </summary>
internal sealed class DataCheckService(TimeProvider time)
{
    public const string Gate = "data check";

    /// <exception cref="DataReadException">A file is missing, malformed, empty or lacks the label or timestamp column.</exception>
    public ScanReport Run(DataCheckRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var text = request.TextColumn;
        var exclusions = new ColumnExclusions(request.TimestampColumn is { } stamp ? [.. request.IgnoreColumns, stamp] : request.IgnoreColumns);
        var referenceSchema = SchemaInference.Infer(request.ReferencePath, request.LabelColumn, text, request.Limits, cancellationToken);
        var candidateSchema = SchemaInference.Infer(request.CandidatePath, request.LabelColumn, text, request.Limits, cancellationToken);
        var plan = Plan(referenceSchema, candidateSchema, request.Options, exclusions) with { CollectKeys = !request.DriftOnly };
        if (request.TimestampColumn is not null)
        {
            return RunWindowed(request, referenceSchema, candidateSchema, plan, exclusions, started, cancellationToken);
        }
        var profiles = new[] { referenceSchema, candidateSchema }
            .AsParallel().AsOrdered().WithCancellation(cancellationToken).WithDegreeOfParallelism(2)
            .Select(schema => DatasetProfiler.Profile(schema, plan, request.Limits, cancellationToken))
            .ToArray();
        var (reference, candidate) = (profiles[0], profiles[1]);
        var profiled = time.GetElapsedTime(started);
        var findings = new DataFindings(Path.GetFileName(request.CandidatePath), request.Options.MaxListedRows);
        var context = new DataCheckContext(reference, candidate, request.Options, findings, exclusions)
        {
            Collector = new RowCollector(candidateSchema, request.Options.MaxListedRows),
        };
        var timings = new List<string>();
        foreach (var (name, check) in Checks(request.DriftOnly))
        {
            var at = time.GetTimestamp();
            check(context);
            timings.Add($"{name} {time.GetElapsedTime(at).TotalSeconds:0.00}");
        }
        var checkedAt = time.GetElapsedTime(started);
        context.Collector.Run(request.Limits, cancellationToken);
        context.FinishCollected();
        var notices = Notices(reference, candidate, request);
        notices.Add(new Notice(NoticeLevel.Info, candidate.Path,
            $"timing: reading and profiling {profiled.TotalSeconds:0.00} s, checks {(checkedAt - profiled).TotalSeconds:0.00} s ({string.Join(", ", timings)}), row listing {(time.GetElapsedTime(started) - checkedAt).TotalSeconds:0.00} s"));
        return Report(request, findings.Items, notices, started);
    }

    private static IEnumerable<(string Name, Action<DataCheckContext> Check)> Checks(bool driftOnly)
    {
        yield return ("schema", SchemaCheck.Run);
        yield return ("drift", DriftCheck.Run);
        yield return ("correlation", CorrelationCheck.Run);
        yield return ("label shift", LabelShiftCheck.Run);
        if (!driftOnly)
        {
            yield return ("label noise", LabelNoiseCheck.Run);
            yield return ("duplicates", DuplicateCheck.Run);
            yield return ("outliers", OutlierCheck.Run);
            yield return ("backdoor", BackdoorCheck.Run);
        }
    }

    /// <summary>The reference profiled whole, the current file window by window (drift checks only).</summary>
    private ScanReport RunWindowed(DataCheckRequest request, DatasetSchema referenceSchema, DatasetSchema currentSchema, ProfilePlan plan,
        ColumnExclusions exclusions, long started, CancellationToken cancellationToken)
    {
        var reference = DatasetProfiler.Profile(referenceSchema, plan, request.Limits, cancellationToken);
        var windowed = new WindowedDrift(request, reference, currentSchema, plan, exclusions, [.. Checks(driftOnly: true).Select(c => c.Check)]);
        windowed.Run(cancellationToken);
        var notices = Notices(reference, null, request);
        notices.AddRange(windowed.Notices);
        notices.Add(new Notice(NoticeLevel.Info, request.CandidatePath, $"timing: {time.GetElapsedTime(started).TotalSeconds:0.00} s"));
        return Report(request, windowed.Findings, notices, started);
    }

    private ScanReport Report(DataCheckRequest request, IEnumerable<Finding> findings, List<Notice> notices, long started)
    {
        var disabled = request.Options.DisableRules.ToHashSet(StringComparer.Ordinal);
        var reported = findings.Where(f => !disabled.Contains(f.RuleId))
            .OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal).ToList();
        var bytes = new FileInfo(request.ReferencePath).Length + new FileInfo(request.CandidatePath).Length;
        return new ScanReport(request.DriftOnly ? "drift" : Gate, Path.GetDirectoryName(Path.GetFullPath(request.CandidatePath))!, reported, DataRules.All,
            notices, new ScanStatistics(2, bytes, time.GetElapsedTime(started)));
    }

    /// <summary>Duplicate keys use the columns both files have (by name, so order does not matter) minus label and identifiers.</summary>
    private static ProfilePlan Plan(DatasetSchema reference, DatasetSchema candidate, DataCheckOptions options, ColumnExclusions exclusions)
    {
        var keys = reference.Columns
            .Where(c => c.Kind != ColumnKind.Label && !exclusions.IsIdentifier(c.Name) && candidate.Find(c.Name) is { Kind: not ColumnKind.Label })
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

    private static List<Notice> Notices(DatasetProfile reference, DatasetProfile? candidate, DataCheckRequest request)
    {
        var notices = new List<Notice>();
        foreach (var profile in candidate is null ? [reference] : new[] { reference, candidate })
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
        if (request.TextColumn is { } text && reference.Schema.TextIndex < 0 && candidate?.Schema.TextIndex is null or < 0 && request.TextColumn != "text")
        {
            notices.Add(new Notice(NoticeLevel.Warning, request.CandidatePath, $"no text column '{text}' in either file"));
        }
        return notices;
    }
}
