using System.Globalization;
using System.Security.Cryptography;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.Evaluation;

/// <summary>
/// The evaluation gate: the metrics must belong to the released model, carry every required benchmark, meet the
/// thresholds and not regress against the approved baseline beyond the allowance — overall and per data slice.
/// </summary>
internal sealed class EvalGate(EvalGateRules rules)
{
    public const string Gate = "eval-gate";

    /// <summary>Absorbs binary rounding so an allowance of 0.01 accepts 0.90 → 0.89.</summary>
    private const double Tolerance = 1e-9;

    public ScanReport Run(EvalMetrics candidate, EvalMetrics baseline, IReadOnlyList<ReleasedModel> released, TimeSpan duration)
    {
        var findings = new List<Finding>();
        var notices = new List<Notice>();
        CheckModel(candidate, released, findings, notices);
        CheckBenchmarks(candidate, baseline, findings);
        CheckMetrics(candidate, baseline, findings);
        CheckSlices(candidate, baseline, findings);
        var root = Path.GetDirectoryName(Path.GetFullPath(candidate.Path))!;
        return new ScanReport(Gate, root, findings, EvalRules.All, notices, new ScanStatistics(2, 0, duration));
    }

    private void CheckModel(EvalMetrics candidate, IReadOnlyList<ReleasedModel> released, List<Finding> findings, List<Notice> notices)
    {
        if (released.Count == 0)
        {
            if (rules.RequireModel)
            {
                findings.Add(Make(EvalRules.ModelMismatch, Severity.High, candidate, null,
                    "the rules require the tamper check, but no model was given (--model or --provenance)", ("check", "no-model")));
            }
            else
            {
                notices.Add(new Notice(NoticeLevel.Warning, candidate.Path, "no --model or --provenance: the metrics were not checked against the model being released"));
            }
            return;
        }
        if (candidate.ModelSha256 is not { } recorded)
        {
            findings.Add(Make(EvalRules.ModelMismatch, Severity.High, candidate, null,
                "the metrics record no model digest (model.sha256), so nothing ties them to the model being released", ("check", "no-digest")));
            return;
        }
        foreach (var model in released)
        {
            if (CryptographicOperations.FixedTimeEquals(model.Sha256, recorded))
            {
                return;
            }
        }
        var first = released[0];
        findings.Add(Make(EvalRules.ModelMismatch, EvalRules.ModelMismatch.Severity, candidate, null,
            $"the metrics are for model sha256 {Convert.ToHexStringLower(recorded)}, but {first.Source} has sha256 {Convert.ToHexStringLower(first.Sha256)}"
            + (released.Count > 1 ? $" (and {released.Count - 1} other subject(s) differ too)" : "") + ": they were measured on another model",
            ("check", "digest"), ("recorded", Convert.ToHexStringLower(recorded)), ("actual", Convert.ToHexStringLower(first.Sha256))));
    }

    private void CheckBenchmarks(EvalMetrics candidate, EvalMetrics baseline, List<Finding> findings)
    {
        var present = candidate.Benchmarks.ToHashSet(StringComparer.Ordinal);
        var required = rules.RequiredBenchmarks.Select(b => (Name: b, Why: "the gate rules require it")).ToList();
        if (rules.RequireBaselineBenchmarks)
        {
            required.AddRange(baseline.Benchmarks.Select(b => (Name: b, Why: "the approved model was evaluated on it")));
        }
        foreach (var (name, why) in required.DistinctBy(r => r.Name))
        {
            if (!present.Contains(name))
            {
                findings.Add(Make(EvalRules.MissingBenchmark, EvalRules.MissingBenchmark.Severity, candidate, null,
                    $"benchmark '{name}' is missing from the metrics: {why}", ("benchmark", name)));
            }
        }
    }

    private void CheckMetrics(EvalMetrics candidate, EvalMetrics baseline, List<Finding> findings)
    {
        foreach (var name in rules.Metrics.Keys.Union(baseline.Metrics.Keys).Order(StringComparer.Ordinal))
        {
            var rule = rules.For(name);
            baseline.Metrics.TryGetValue(name, out var approved);
            if (!candidate.Metrics.TryGetValue(name, out var value))
            {
                var why = approved is not null ? "the approved baseline reports it" : "the gate rules require it";
                findings.Add(Make(EvalRules.MissingMetric, rule.Severity ?? EvalRules.MissingMetric.Severity, candidate, null,
                    $"metric '{name}' is missing: {why}", ("metric", name)));
                continue;
            }
            CheckValue(candidate, name, null, value, approved?.Value, rule.Min, rule.Max, rule.MaxRegression, rule, findings);
        }
    }

    private void CheckSlices(EvalMetrics candidate, EvalMetrics baseline, List<Finding> findings)
    {
        foreach (var slice in baseline.Slices.Keys.Union(candidate.Slices.Keys).Order(StringComparer.Ordinal))
        {
            baseline.Slices.TryGetValue(slice, out var approved);
            if (!candidate.Slices.TryGetValue(slice, out var measured))
            {
                findings.Add(Make(EvalRules.MissingMetric, EvalRules.MissingMetric.Severity, candidate, null,
                    $"slice '{slice}' is missing: the approved baseline reports it, and a dropped slice hides a regression there", ("slice", slice)));
                continue;
            }
            var names = (approved?.Keys ?? []).Union(measured.Keys.Where(rules.Metrics.ContainsKey)).Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var rule = rules.For(name);
                MetricValue? before = null;
                approved?.TryGetValue(name, out before);
                if (!measured.TryGetValue(name, out var value))
                {
                    findings.Add(Make(EvalRules.MissingMetric, rule.Severity ?? EvalRules.MissingMetric.Severity, candidate, null,
                        $"metric '{name}' on slice '{slice}' is missing: the approved baseline reports it", ("metric", name), ("slice", slice)));
                    continue;
                }
                CheckValue(candidate, name, slice, value, before?.Value, rule.SliceMin, rule.SliceMax, rule.SliceMaxRegression ?? rule.MaxRegression, rule, findings);
            }
        }
    }

    private static void CheckValue(EvalMetrics candidate, string name, string? slice, MetricValue value, double? approved,
        double? min, double? max, double? maxRegression, MetricRule rule, List<Finding> findings)
    {
        var subject = slice is null ? $"metric '{name}'" : $"metric '{name}' on slice '{slice}'";
        var sliceFact = ("slice", (object?)slice);
        if (min is { } low && value.Value < low - Tolerance)
        {
            findings.Add(Make(EvalRules.Threshold, rule.Severity ?? EvalRules.Threshold.Severity, candidate, value,
                $"{subject} is {F(value.Value)}, below the minimum {F(low)}", ("metric", name), sliceFact, ("value", value.Value), ("limit", low), ("bound", "min")));
        }
        if (max is { } high && value.Value > high + Tolerance)
        {
            findings.Add(Make(EvalRules.Threshold, rule.Severity ?? EvalRules.Threshold.Severity, candidate, value,
                $"{subject} is {F(value.Value)}, above the maximum {F(high)}", ("metric", name), sliceFact, ("value", value.Value), ("limit", high), ("bound", "max")));
        }
        if (approved is not { } before)
        {
            return;
        }
        var worse = rule.HigherIsBetter ? before - value.Value : value.Value - before;
        var relative = Math.Abs(before) > 0 ? worse / Math.Abs(before) : worse > 0 ? double.PositiveInfinity : 0;
        var overAbsolute = maxRegression is { } allowed && worse > allowed + Tolerance;
        var overRelative = rule.MaxRelativeRegression is { } share && relative > share + Tolerance;
        if (overAbsolute || overRelative)
        {
            var allowance = overAbsolute ? $"the allowed {F(maxRegression!.Value)}" : $"the allowed {F(rule.MaxRelativeRegression!.Value * 100)}%";
            findings.Add(Make(EvalRules.Regression, rule.Severity ?? EvalRules.Regression.Severity, candidate, value,
                $"{subject} regressed from {F(before)} to {F(value.Value)} ({(rule.HigherIsBetter ? "higher" : "lower")} is better): worse by {F(worse)}"
                + (double.IsFinite(relative) ? $" ({F(relative * 100)}%)" : "") + $", more than {allowance}",
                ("metric", name), sliceFact, ("value", value.Value), ("baseline", before), ("regression", worse)));
        }
    }

    private static Finding Make(RuleDescriptor rule, Severity severity, EvalMetrics candidate, MetricValue? at, string message, params (string Key, object? Value)[] facts)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in facts)
        {
            if (value is not null)
            {
                properties[key] = value is double d ? d.ToString("R", CultureInfo.InvariantCulture) : value.ToString()!;
            }
        }
        var line = at?.Line ?? 0;
        var column = at?.Column ?? 0;
        var location = new Location(Path.GetFileName(candidate.Path), line, column, line, column);
        var fingerprint = Fingerprint.Create(rule.Id, properties.GetValueOrDefault("metric"), properties.GetValueOrDefault("slice"),
            properties.GetValueOrDefault("benchmark"), properties.GetValueOrDefault("check"), properties.GetValueOrDefault("bound"));
        var evidence = properties.GetValueOrDefault("metric") ?? properties.GetValueOrDefault("benchmark") ?? properties.GetValueOrDefault("slice") ?? "";
        return new Finding(rule.Id, rule.Title, severity, location, message, fingerprint, evidence) { Properties = properties };
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
