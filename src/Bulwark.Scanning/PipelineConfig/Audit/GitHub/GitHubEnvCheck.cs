using System.Text.RegularExpressions;
using Bulwark.Core.Findings;
using Bulwark.Scanning.PipelineConfig.Audit.Rules;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary>
/// Writes to <c>$GITHUB_ENV</c> / <c>$GITHUB_PATH</c> (and <c>$GITHUB_OUTPUT</c>) of attacker data: a variable the
/// step's, job's or workflow's <c>env:</c> binds to an attacker-controlled expression (high), or, in
/// pull_request_target / workflow_run workflows, any computed value (medium).
/// </summary>
internal static partial class GitHubEnvCheck
{
    /// <summary>Longest script line looked at; the patterns are linear, this only bounds the work per line.</summary>
    private const int MaxLine = 8192;

    public static void Check(Workflow workflow, AuditSink sink)
    {
        var privileged = workflow.Triggers.Contains("pull_request_target") || workflow.Triggers.Contains("workflow_run");
        var workflowTainted = Tainted(workflow.Env, sink);
        foreach (var job in workflow.Jobs)
        {
            var jobTainted = Tainted(job.Env, sink);
            foreach (var step in job.Steps)
            {
                if (step.Run is not { } run)
                {
                    continue;
                }
                var tainted = new HashSet<string>(workflowTainted, StringComparer.Ordinal);
                tainted.UnionWith(jobTainted);
                tainted.UnionWith(Tainted(step.Env, sink));
                CheckScript(job, step, run, tainted, privileged, sink);
            }
        }
    }

    private static void CheckScript(WorkflowJob job, WorkflowStep step, YamlNode run, HashSet<string> tainted, bool privileged, AuditSink sink)
    {
        var lineNumber = 0;
        foreach (var range in run.Value.AsSpan().Split('\n'))
        {
            lineNumber++;
            var line = run.Value.AsSpan(range.Start.Value, Math.Min(MaxLine, range.End.Value - range.Start.Value)).ToString();
            var write = EnvWrite().Match(line);
            if (!write.Success)
            {
                continue;
            }
            var file = write.Groups["file"].Value;
            var position = Position(run, lineNumber);
            var variable = tainted.FirstOrDefault(name => line.Contains("$" + name, StringComparison.Ordinal) || line.Contains("${" + name + "}", StringComparison.Ordinal));
            if (variable is not null)
            {
                sink.Report(AuditRules.GitHubEnv, position.Line, position.Column,
                    $"job '{job.Id}' writes ${variable}, which holds attacker-controlled text, to $GITHUB_{file}", $"{job.Id}|{step.Index}|{variable}");
            }
            else if (privileged && file != "OUTPUT" && Computed().IsMatch(line.Replace("$GITHUB_" + file, "", StringComparison.Ordinal).Replace("${GITHUB_" + file + "}", "", StringComparison.Ordinal)))
            {
                sink.Report(AuditRules.GitHubEnv, position.Line, position.Column,
                    $"job '{job.Id}' writes a computed value to $GITHUB_{file} in a workflow that fork contributions trigger", $"{job.Id}|{step.Index}|{lineNumber}",
                    Severity.Medium);
            }
        }
    }

    /// <summary>Block scripts place line k of the value on the scalar's line + k; other styles point at the scalar.</summary>
    private static (int Line, int Column) Position(YamlNode run, int lineNumber) =>
        run.Style is YamlDotNet.Core.ScalarStyle.Literal ? (run.Line + lineNumber, run.Column) : (run.Line, run.Column);

    private static HashSet<string> Tainted(YamlNode? env, AuditSink sink)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in env.Entries())
        {
            if (sink.Expressions.Analyze(entry.Value).Any(e => e.AttackerPath is not null))
            {
                names.Add(entry.Key);
            }
        }
        return names;
    }

    [GeneratedRegex(@"(>>?|tee\s+(-a\s+)?)\s*""?\$\{?GITHUB_(?<file>ENV|PATH|OUTPUT)\b", RegexOptions.NonBacktracking)]
    private static partial Regex EnvWrite();

    /// <summary>A value computed at run time: a variable, a command substitution or backticks.</summary>
    [GeneratedRegex(@"\$[A-Za-z_{(]|`", RegexOptions.NonBacktracking)]
    private static partial Regex Computed();
}
