using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>Shorthand for reporting an issue with a rule's default severity (or another) and a few properties.</summary>
internal static class IssueReporting
{
    public static void Report(this ModelScanContext context, RuleDescriptor rule, ModelLocation where, string message, Severity? severity = null, params (string Key, string Value)[] properties)
    {
        var map = new Dictionary<string, string>(properties.Length, StringComparer.Ordinal);
        foreach (var (key, value) in properties)
        {
            map[key] = value;
        }
        context.Report(new ModelIssue(rule, severity ?? rule.Severity, where, message) { Properties = map });
    }
}
