using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Server.Pipelines;

/// <summary>Whether a pipeline's <c>on:</c> section asks for a run on this event.</summary>
internal static class TriggerMatch
{
    /// <summary>Null when the pipeline runs; otherwise why not, for the webhook response.</summary>
    public static string? WhyNot(PipelineTriggers triggers, RunTrigger trigger) => trigger.Event switch
    {
        RunTrigger.Manual => triggers.Manual || triggers.Push is not null ? null : "the pipeline has no manual or push trigger",
        RunTrigger.Push when trigger.Branch is { } branch =>
            triggers.Push?.MatchesBranch(branch) == true ? null : $"no push trigger matches branch '{branch}'",
        RunTrigger.Tag or RunTrigger.Push when trigger.TagName is { } tag =>
            triggers.Tag || triggers.Push?.MatchesTag(tag) == true ? null : $"no tag trigger matches tag '{tag}'",
        RunTrigger.PullRequestEvent => triggers.PullRequest is { } filter && filter.MatchesBranch(trigger.TargetBranch ?? "")
            ? null
            : $"no pull_request trigger matches target branch '{trigger.TargetBranch}'",
        RunTrigger.Schedule => triggers.Schedules.Count > 0 ? null : "the pipeline has no schedule",
        _ => $"event '{trigger.Event}' does not start pipelines",
    };
}
