using Bulwark.Scanning.PipelineConfig.Audit.Rules;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary>Release, publish and deploy workflows that restore a cache (actions/cache or a setup action's cache input).</summary>
internal static class CachePoisoningCheck
{
    private static readonly string[] CachingActions = ["actions/cache", "swatinem/rust-cache", "actions/cache/restore"];

    public static void Check(Workflow workflow, AuditSink sink)
    {
        if (workflow.IsAction || !workflow.IsRelease)
        {
            return;
        }
        foreach (var job in workflow.Jobs)
        {
            foreach (var step in job.Steps)
            {
                if (step.Action is not { } action || step.Uses is not { } uses)
                {
                    continue;
                }
                var caches = CachingActions.Contains(action, StringComparer.Ordinal)
                    || (step.With.Text("cache") is { } cache && cache is not ("" or "false"))
                    || step.With.Text("enable-cache") is "true";
                if (caches)
                {
                    sink.Report(AuditRules.CachePoisoning, uses,
                        $"job '{job.Id}' of a release/publish workflow restores a cache through {action}; a lower-privileged run may have written it",
                        $"{job.Id}|{action}");
                }
            }
        }
    }
}
