using Bulwark.Scanning.PipelineConfig.Audit.Rules;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary><c>ACTIONS_ALLOW_UNSECURE_COMMANDS</c> set to anything but false in a workflow, job or step <c>env:</c>.</summary>
internal static class InsecureCommandsCheck
{
    public static void Check(Workflow workflow, AuditSink sink)
    {
        CheckEnv(workflow.Env, "the workflow", sink);
        foreach (var job in workflow.Jobs)
        {
            CheckEnv(job.Env, $"job '{job.Id}'", sink);
            foreach (var step in job.Steps)
            {
                CheckEnv(step.Env, $"step '{step.Describe()}'", sink);
            }
        }
    }

    private static void CheckEnv(YamlNode? env, string where, AuditSink sink)
    {
        if (env.Entry("ACTIONS_ALLOW_UNSECURE_COMMANDS") is { } entry && entry.Value.Text()?.Trim().ToLowerInvariant() is { } value && value is not ("false" or "0" or ""))
        {
            sink.Report(AuditRules.InsecureCommands, entry.Line, entry.Column, $"{where} sets ACTIONS_ALLOW_UNSECURE_COMMANDS: {entry.Value.Value}", where);
        }
    }
}
