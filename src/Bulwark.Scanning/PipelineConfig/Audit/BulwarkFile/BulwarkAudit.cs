using Bulwark.Core.Findings;
using Bulwark.Scanning.PipelineConfig.Audit.Common;
using Bulwark.Scanning.PipelineConfig.Audit.Rules;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.BulwarkFile;

/// <summary>
/// The audit of Bulwark's own <c>.bulwark.yml</c>: its validation errors (from <see cref="PipelineParser"/>,
/// credentials aside, which become findings), hard-coded credentials, jobs with secrets or deployments that
/// pull requests run, and remote scripts piped into a shell.
/// </summary>
internal static class BulwarkAudit
{
    public static void Run(AuditFile file, AuditSink sink, List<Notice> notices)
    {
        foreach (var error in PipelineParser.Parse(file.Text).Errors.Where(e => !e.Message.Contains("hard-coded credential", StringComparison.Ordinal)))
        {
            notices.Add(new Notice(NoticeLevel.Error, $"{file.Path}:{error.Line}:{error.Column}", error.Message));
        }
        var on = file.Root.Get("on");
        var pullRequests = on.IsMapping() ? on.Entry("pull_request") is not null : on.Items().Any(t => t.Text() == "pull_request");
        var credentials = new HardcodedCredentialCheck(sink);
        foreach (var job in file.Root.Get("jobs").Entries())
        {
            credentials.CheckMapping(job.Value.Get("env"), $"job '{job.Key}' env");
            var condition = job.Value.Text("if") ?? "";
            var excludesPullRequests = condition.Contains("event != 'pull_request'", StringComparison.Ordinal)
                || condition.Contains("event == 'push'", StringComparison.Ordinal) || condition.Contains("event == 'tag'", StringComparison.Ordinal)
                || condition.Contains("event == 'manual'", StringComparison.Ordinal) || condition.Contains("event == 'schedule'", StringComparison.Ordinal);
            if (pullRequests && !excludesPullRequests && job.Value.Get("secrets").Items().Count > 0)
            {
                sink.Report(AuditRules.DangerousTriggerForkSecrets, job.Line, job.Column,
                    $"job '{job.Key}' gets secrets and runs for pull requests (branches of this repository receive them)", job.Key, Severity.Low);
            }
            if (job.Value.Text("environment") is { } environment && (pullRequests && !excludesPullRequests || !condition.Contains("branch", StringComparison.Ordinal) && !condition.Contains("tag", StringComparison.Ordinal)))
            {
                sink.Report(AuditRules.UnprotectedDeploy, job.Line, job.Column,
                    $"job '{job.Key}' deploys to '{environment}' without an if: limiting it to a branch or tag{(pullRequests && !excludesPullRequests ? ", and runs for pull requests" : "")}", job.Key);
            }
            foreach (var step in job.Value.Get("steps").Items())
            {
                credentials.CheckMapping(step.Get("with"), $"job '{job.Key}' step with");
                if (step.Get("run") is { Kind: YamlNodeKind.Scalar } run)
                {
                    RemoteScriptCheck.Check(run, $"job '{job.Key}'", sink);
                }
            }
        }
    }
}
