using Bulwark.Scanning.PipelineConfig.Audit.Common;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary>Runs every GitHub Actions rule family over one workflow or action file.</summary>
internal static class WorkflowAudit
{
    public static void Run(AuditFile file, AuditSink sink, List<PinComment> pins)
    {
        var workflow = WorkflowReader.Read(file, sink.Warnings);
        TemplateInjectionCheck.Check(workflow, sink);
        TriggerCheck.Check(workflow, sink);
        PinningCheck.Check(workflow, sink, pins);
        PermissionsCheck.Check(workflow, sink);
        CredentialPersistenceCheck.Check(workflow, sink);
        CachePoisoningCheck.Check(workflow, sink);
        SecretsCheck.Check(workflow, sink);
        InsecureCommandsCheck.Check(workflow, sink);
        GitHubEnvCheck.Check(workflow, sink);
        ConditionCheck.Check(workflow, sink);
        KnownVulnerableActionCheck.Check(workflow, sink);
        Credentials(workflow, sink);
    }

    /// <summary>Hard-coded credentials in env, with and container credentials; remote scripts in run steps.</summary>
    private static void Credentials(Workflow workflow, AuditSink sink)
    {
        var credentials = new HardcodedCredentialCheck(sink);
        credentials.CheckMapping(workflow.Env, "env");
        foreach (var job in workflow.Jobs)
        {
            credentials.CheckMapping(job.Env, $"job '{job.Id}' env");
            credentials.CheckMapping(job.Node.Get("with"), $"job '{job.Id}' with");
            credentials.CheckMapping(job.Node.Get("secrets"), $"job '{job.Id}' secrets");
            credentials.CheckMapping(job.Node.Get("container").Get("credentials"), $"job '{job.Id}' container credentials");
            credentials.CheckMapping(job.Node.Get("container").Get("env"), $"job '{job.Id}' container env");
            foreach (var service in job.Node.Get("services").Entries())
            {
                credentials.CheckMapping(service.Value.Get("credentials"), $"service '{service.Key}' credentials");
                credentials.CheckMapping(service.Value.Get("env"), $"service '{service.Key}' env");
            }
            foreach (var step in job.Steps)
            {
                credentials.CheckMapping(step.Env, $"step '{step.Describe()}' env");
                credentials.CheckMapping(step.With, $"step '{step.Describe()}' with");
                if (step.Run is { } run)
                {
                    RemoteScriptCheck.Check(run, $"job '{job.Id}' ({step.Describe()})", sink);
                }
            }
        }
    }
}
