using Bulwark.Core.Findings;

namespace Bulwark.Ml.Evaluation;

/// <summary>The rules of <c>bulwark eval gate</c>. A metric's own <c>severity</c> in the rules file overrides the rule's.</summary>
internal static class EvalRules
{
    public const string HelpUri = "https://github.com/bulwark-ci/bulwark/blob/main/docs/data-checks.md#evaluation-gate";

    public static readonly RuleDescriptor Threshold = Rule("eval-threshold", "Metric outside its threshold",
        "A metric, overall or on a data slice, is below its min or above its max in the gate rules.",
        Severity.High, "Improve the model, or change the threshold in the reviewed gate rules if the bar was wrong.");

    public static readonly RuleDescriptor Regression = Rule("eval-regression", "Metric regressed against the approved model",
        "A metric, overall or on a data slice, is worse than the approved baseline by more than the allowed regression.",
        Severity.High, "Find what made the model worse on that metric or slice; approve a new baseline only after review.");

    public static readonly RuleDescriptor MissingMetric = Rule("eval-missing-metric", "Metric or slice missing",
        "A metric the rules require, or one the approved baseline reports (overall or per slice), is absent: a dropped metric hides a regression.",
        Severity.High, "Evaluate the model on every metric and slice the baseline has.");

    public static readonly RuleDescriptor MissingBenchmark = Rule("eval-missing-benchmark", "Required benchmark missing",
        "A benchmark the rules require, or the approved model was evaluated on, is not in the metrics file.",
        Severity.High, "Run the benchmark; a model may not skip the evaluations its predecessor passed.");

    public static readonly RuleDescriptor ModelMismatch = Rule("eval-model-mismatch", "Metrics do not belong to the model",
        "The model digest recorded in the metrics differs from the SHA-256 of the model being released (or of the provenance's subjects), or the metrics record none.",
        Severity.Critical, "Evaluate the exact model file you release and record its SHA-256 in the metrics (model.sha256).");

    public static IReadOnlyList<RuleDescriptor> All { get; } = [Threshold, Regression, MissingMetric, MissingBenchmark, ModelMismatch];

    private static RuleDescriptor Rule(string id, string title, string description, Severity severity, string help) =>
        new(id, title, description, severity, help) { HelpUri = HelpUri, Tags = ["ml", "evaluation"] };
}
