using System.Globalization;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Dependencies.Audit;
using Bulwark.Scanning.PipelineConfig.Audit.Rules;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary><c>uses:</c> references affected by an advisory of OSV's GitHub Actions ecosystem (skipped without a database).</summary>
internal static class KnownVulnerableActionCheck
{
    public static void Check(Workflow workflow, AuditSink sink)
    {
        if (sink.Options.Advisories is not { } advisories)
        {
            return;
        }
        foreach (var job in workflow.Jobs)
        {
            if (job.Uses is { } reusable)
            {
                CheckUses(reusable, advisories, sink, job.Id);
            }
            foreach (var step in job.Steps)
            {
                if (step.Uses is { } uses)
                {
                    CheckUses(uses, advisories, sink, job.Id);
                }
            }
        }
    }

    private static void CheckUses(YamlNode uses, Advisories.ActionAdvisories advisories, AuditSink sink, string job)
    {
        if (uses.Text() is not { } text || ActionRef.Parse(text) is not { } action || action.Ref.Length == 0)
        {
            return;
        }
        var comment = action.IsShaPinned ? PinningCheck.Comment(sink.File, uses) : null;
        foreach (var hit in advisories.Find(action.Name, action.Ref, comment))
        {
            var advisory = hit.Advisory;
            var entry = advisory.Affected.First(a => string.Equals(a.Name, action.Name, StringComparison.OrdinalIgnoreCase));
            var assessed = AdvisorySeverity.Assess(advisory, entry);
            var fixedText = hit.Fixed.Count == 0 ? "no fixed version is known" : $"fixed in {string.Join(", ", hit.Fixed)}";
            var aliases = advisory.Aliases.Count == 0 ? "" : $" ({string.Join(", ", advisory.Aliases)})";
            sink.Report(AuditRules.KnownVulnerableAction, uses,
                $"{action.Name}@{action.Ref}{(hit.FromComment ? $" (# {hit.Version})" : "")} in job '{job}' is affected by {advisory.Id}{aliases}: {advisory.Summary}; {fixedText}",
                $"{action.Name}|{action.Ref}|{advisory.Id}", assessed.Severity,
                new Dictionary<string, string>
                {
                    ["advisory"] = advisory.Id,
                    ["action"] = action.Name,
                    ["version"] = hit.Version,
                    ["fixedVersions"] = string.Join(",", hit.Fixed),
                    ["score"] = assessed.Score?.ToString("0.0", CultureInfo.InvariantCulture) ?? "",
                });
        }
    }
}
