using Bulwark.Core.Findings;

namespace Bulwark.Ml.Data;

/// <summary>The rules of the data gates. Each finding carries its own severity; the rule's is the usual one.</summary>
internal static class DataRules
{
    public const string HelpUri = "https://github.com/bulwark-ci/bulwark/blob/main/docs/data-checks.md";

    public static readonly RuleDescriptor SchemaChange = Rule("data-schema-change", "Schema change",
        "A column was added, dropped or renamed, changed type, mixes numbers and text, or holds values never seen in the reference.",
        Severity.High, "Fix the pipeline step that changed the columns, or approve the new schema by making this dataset the reference.");

    public static readonly RuleDescriptor NonFinite = Rule("data-schema-change-non-finite", "NaN or infinite value",
        "A numeric column holds NaN or ±Infinity, which most training code turns into silent garbage.",
        Severity.High, "Drop or impute the rows, or find the division or parse that produced them.");

    public static readonly RuleDescriptor FeatureDrift = Rule("data-feature-drift", "Feature drift",
        "A column's distribution differs from the reference (KS test for numbers, chi-square and PSI for categories, token frequencies for text), significant after the Benjamini–Hochberg correction.",
        Severity.High, "Check the data source for a change; if the shift is real and wanted, approve this dataset as the new reference.");

    public static readonly RuleDescriptor RelationshipDrift = Rule("data-feature-drift-correlation", "Broken relationship between columns",
        "The correlation between two columns changed although each may look unchanged alone: a join, shuffle or unit bug.",
        Severity.High, "Look for a column that was re-sorted, re-joined or regenerated independently of the others.");

    public static readonly RuleDescriptor LabelShift = Rule("data-label-shift", "Label shift",
        "The share of each label changed (chi-square test, total variation distance), or a label appeared that the reference never had.",
        Severity.High, "Check sampling and labelling; rebalance, or approve the new prior.");

    public static readonly RuleDescriptor LabelNoise = Rule("data-label-noise", "Label noise",
        "Rows whose label disagrees with their nearest reference neighbours (k-NN on robustly standardised features, or a naive Bayes model for text), more than the reference itself shows.",
        Severity.High, "Review the listed rows (most confident first) and their labelling source; flipped labels are a common poisoning attack.");

    public static readonly RuleDescriptor Duplicate = Rule("data-duplicate", "Duplicate rows",
        "Rows equal (after normalisation) or nearly equal to an earlier row, beyond the reference's own duplicate rate.",
        Severity.Medium, "Deduplicate; duplicates inflate some examples' weight and leak between training and test splits.");

    public static readonly RuleDescriptor ConflictingDuplicate = Rule("data-conflicting-duplicate", "Conflicting duplicates",
        "Rows equal or nearly equal to an earlier row (or reference row) but with a different label: the signature of label-flip poisoning.",
        Severity.High, "Review the listed rows; keep the label the reference agrees with.");

    public static readonly RuleDescriptor Outlier = Rule("data-outlier", "Outliers",
        "Values far outside the reference range by robust statistics (median and MAD).",
        Severity.Medium, "Check units and sentinels (-999, 1e9); clip or drop the rows if they are errors.");

    public static readonly RuleDescriptor Backdoor = Rule("data-backdoor", "Possible backdoor trigger",
        "A rare value or token almost always paired with one label in the candidate but absent from, or not tied to that label in, the reference.",
        Severity.High, "Remove the listed rows and find who added them; a trigger makes a model obey the attacker when it appears.");

    public static IReadOnlyList<RuleDescriptor> All { get; } =
        [SchemaChange, NonFinite, FeatureDrift, RelationshipDrift, LabelShift, LabelNoise, Duplicate, ConflictingDuplicate, Outlier, Backdoor];

    private static RuleDescriptor Rule(string id, string title, string description, Severity severity, string help) =>
        new(id, title, description, severity, help) { HelpUri = HelpUri, Tags = ["ml", "data"] };
}
