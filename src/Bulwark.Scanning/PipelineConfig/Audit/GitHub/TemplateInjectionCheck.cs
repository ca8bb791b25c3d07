using Bulwark.Core.Findings;
using Bulwark.Scanning.PipelineConfig.Audit.Expressions;
using Bulwark.Scanning.PipelineConfig.Audit.Fixes;
using Bulwark.Scanning.PipelineConfig.Audit.Rules;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary>
/// Template injection: attacker-controlled (or input) expressions inside code — <c>run:</c> scripts and
/// actions/github-script's <c>script:</c>. Expressions in <c>env:</c> and ordinary <c>with:</c> inputs are
/// data, not code, and stay quiet. Each finding in a <c>run:</c> asks for the move-to-env fix.
/// </summary>
internal static class TemplateInjectionCheck
{
    public static void Check(Workflow workflow, AuditSink sink)
    {
        foreach (var job in workflow.Jobs)
        {
            foreach (var step in job.Steps)
            {
                var run = step.Run;
                if (run is not null)
                {
                    CheckCode(workflow, job, step, run, sink, isRun: true);
                }
                else if (step.Action == "actions/github-script" && step.With.Get("script") is { } script)
                {
                    CheckCode(workflow, job, step, script, sink, isRun: false);
                }
            }
        }
    }

    private static void CheckCode(Workflow workflow, WorkflowJob job, WorkflowStep step, YamlNode code, AuditSink sink, bool isRun)
    {
        var moves = new List<AnalyzedExpression>();
        foreach (var expression in sink.Expressions.Analyze(code))
        {
            var where = isRun ? "a run: script" : "an actions/github-script script";
            if (expression.AttackerPath is { } path)
            {
                var severity = workflow.HasPrivilegedTrigger ? Severity.Critical : Severity.High;
                sink.Report(AuditRules.TemplateInjection, expression.Line, expression.Column,
                    $"{path} is attacker-controlled and expanded into {where} of job '{job.Id}' ({step.Describe()}); pass it through env: and quote it",
                    $"{job.Id}|{expression.Embedded.Inner}", severity);
                moves.Add(expression);
            }
            else if (expression.InputPath is { } input)
            {
                sink.Report(AuditRules.TemplateInjectionInput, expression.Line, expression.Column,
                    $"{input} is expanded into {where} of job '{job.Id}' ({step.Describe()}); pass it through env:",
                    $"{job.Id}|{expression.Embedded.Inner}");
                moves.Add(expression);
            }
        }
        if (isRun && moves.Count > 0)
        {
            sink.Fix(new MoveToEnvFix(step.Node, code, moves, IsPowerShell(job, step)));
        }
    }

    private static bool IsPowerShell(WorkflowJob job, WorkflowStep step)
    {
        var shell = step.Shell ?? job.Node.Get("defaults").Get("run").Text("shell");
        if (shell is not null)
        {
            return shell.StartsWith("pwsh", StringComparison.Ordinal) || shell.StartsWith("powershell", StringComparison.Ordinal);
        }
        // Windows runners default to PowerShell.
        return job.RunsOn.Items().Any(l => l.Text()?.Contains("windows", StringComparison.OrdinalIgnoreCase) == true);
    }
}
