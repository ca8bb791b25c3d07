using Bulwark.Core.Findings;
using Bulwark.Scanning.PipelineConfig.Audit.Expressions;
using Bulwark.Scanning.PipelineConfig.Audit.Rules;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary>
/// Dangerous triggers: pull_request_target / workflow_run (and comment triggers) that check out the untrusted
/// head, or run with secrets and write scopes; self-hosted runners that fork pull requests reach.
/// </summary>
internal static class TriggerCheck
{
    private static readonly string[] UntrustedRefPaths =
    [
        "github.event.pull_request.head.sha", "github.event.pull_request.head.ref", "github.head_ref",
        "github.event.pull_request.merge_commit_sha", "github.event.workflow_run.head_sha", "github.event.workflow_run.head_branch",
        "github.event.pull_request.head.repo.full_name", "github.event.workflow_run.head_repository.full_name",
        "github.event.pull_request.number", "github.event.issue.number",
    ];

    private static readonly string[] UntrustedFetches = ["gh pr checkout", "git fetch origin pull/", "refs/pull/", "pull/${{", "gh pr diff --patch | git apply"];

    public static void Check(Workflow workflow, AuditSink sink)
    {
        var on = workflow.File.Root.Entry("on");
        var privileged = workflow.Triggers.Contains("pull_request_target") || workflow.Triggers.Contains("workflow_run");
        var commentTriggered = workflow.Triggers.Contains("issue_comment");
        var pwned = false;
        if (privileged || commentTriggered)
        {
            foreach (var job in workflow.Jobs)
            {
                pwned |= CheckJob(job, sink);
            }
        }
        if (privileged && !pwned && on is not null && UsesSecrets(workflow, sink) && GrantsWrite(workflow))
        {
            sink.Report(AuditRules.DangerousTriggerPrivileged, on.Line, on.Column,
                $"{string.Join(", ", workflow.Triggers.Where(t => t is "pull_request_target" or "workflow_run"))} runs for fork contributions with secrets and a write token",
                "privileged");
        }
        if (workflow.RunsForForkPullRequests)
        {
            foreach (var job in workflow.Jobs.Where(j => IsSelfHosted(j)))
            {
                sink.Report(AuditRules.SelfHostedRunner, job.RunsOn ?? job.Node,
                    $"job '{job.Id}' runs on a self-hosted runner and the workflow runs for pull requests ({string.Join(", ", workflow.Triggers.Order(StringComparer.Ordinal))})",
                    job.Id);
            }
        }
    }

    /// <summary>Reports the first step that brings the untrusted head into the job; true when there is one.</summary>
    private static bool CheckJob(WorkflowJob job, AuditSink sink)
    {
        for (var i = 0; i < job.Steps.Count; i++)
        {
            var step = job.Steps[i];
            string? how = null;
            YamlNode? at = null;
            if (step.Action == "actions/checkout")
            {
                foreach (var key in (string[])["ref", "repository"])
                {
                    if (step.With.Get(key) is { } value && (ReadsUntrusted(sink, value) || value.Text()?.Contains("refs/pull/", StringComparison.Ordinal) == true))
                    {
                        (how, at) = ($"checks out the pull request's code ({key}: {value.Value.Trim()})", value);
                        break;
                    }
                }
            }
            else if (step.Run is { } run && UntrustedFetches.FirstOrDefault(f => run.Value.Contains(f, StringComparison.Ordinal)) is { } fetch)
            {
                (how, at) = ($"fetches the pull request's code ('{fetch}')", run);
            }
            if (how is null)
            {
                continue;
            }
            var runsCode = job.Steps.Skip(i + 1).Any(s => s.Run is not null || s.Uses.Text()?.StartsWith("./", StringComparison.Ordinal) == true)
                || step.Run is not null;
            sink.Report(AuditRules.DangerousTrigger, at!,
                $"job '{job.Id}' {how} in a privileged workflow" + (runsCode ? " and then runs it" : ""),
                $"{job.Id}|{how}", runsCode ? Severity.Critical : Severity.High);
            return true;
        }
        return false;
    }

    private static bool ReadsUntrusted(AuditSink sink, YamlNode value) =>
        sink.Expressions.Analyze(value).Any(e => e.Expr is { } expr && ExpressionFlow.Reads(expr).Any(r => UntrustedRefPaths.Contains(r.Path)));

    private static bool UsesSecrets(Workflow workflow, AuditSink sink)
    {
        foreach (var (node, _) in workflow.File.Root.Scalars())
        {
            foreach (var expression in sink.Expressions.Analyze(node))
            {
                if (expression.Expr is { } expr && ExpressionFlow.Reads(expr).Any(r => r.Path.StartsWith("secrets.", StringComparison.Ordinal) && r.Path != "secrets.github_token"))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Write scopes anywhere, or no permissions at all (the default token may be read-write).</summary>
    internal static bool GrantsWrite(Workflow workflow)
    {
        if (workflow.Permissions is null && workflow.Jobs.Any(j => j.Permissions is null))
        {
            return true;
        }
        return Writes(workflow.Permissions?.Value) || workflow.Jobs.Any(j => Writes(j.Permissions?.Value));
    }

    private static bool Writes(YamlNode? permissions) =>
        permissions.Text() == "write-all" || permissions.Entries().Any(e => e.Value.Text() == "write");

    private static bool IsSelfHosted(WorkflowJob job)
    {
        var runsOn = job.RunsOn;
        if (runsOn is null)
        {
            return false;
        }
        var labels = runsOn.IsMapping() ? [.. runsOn.Get("labels").Items(), .. runsOn.Get("group").Items()] : runsOn.Items();
        if (runsOn.IsMapping() && runsOn.Get("group") is not null)
        {
            return true;
        }
        foreach (var label in labels)
        {
            var text = label.Text() ?? "";
            if (text.Contains("self-hosted", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            // runs-on: ${{ matrix.runner }} — look at what the matrix offers.
            if (EmbeddedExpressions.Contains(text) && job.Node.Get("strategy").Get("matrix") is { } matrix
                && matrix.Scalars().Any(s => s.Node.Value.Contains("self-hosted", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }
        return false;
    }
}
