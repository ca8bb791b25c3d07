using Bulwark.Scanning.PipelineConfig.Audit.Fixes;
using Bulwark.Scanning.PipelineConfig.Audit.Rules;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary>
/// actions/checkout without <c>persist-credentials: false</c>: high when the job later uploads the workspace or
/// .git as an artifact, low when later steps merely could read it (and none of them pushes, which needs it).
/// </summary>
internal static class CredentialPersistenceCheck
{
    private static readonly string[] Pushes = ["git push", "git-auto-commit", "add-and-commit", "create-pull-request", "gh-pages", "git commit"];

    public static void Check(Workflow workflow, AuditSink sink)
    {
        foreach (var job in workflow.Jobs)
        {
            for (var i = 0; i < job.Steps.Count; i++)
            {
                var step = job.Steps[i];
                if (step.Action != "actions/checkout" || step.With.Text("persist-credentials") is "false" || step.Uses is not { } uses)
                {
                    continue;
                }
                var later = job.Steps.Skip(i + 1).ToList();
                var upload = later.FirstOrDefault(s => s.Action == "actions/upload-artifact" && UploadsWorkspace(s.With.Text("path")));
                if (upload is not null)
                {
                    sink.Report(AuditRules.CredentialPersistence, uses,
                        $"job '{job.Id}' checks out with persisted credentials and uploads '{upload.With.Text("path")?.Trim()}' as an artifact ({upload.Describe()})",
                        $"{job.Id}|{i}");
                    sink.Fix(new PersistCredentialsFix(step.Node));
                }
                else if (later.Count > 0 && !later.Any(s => s.Node.Scalars().Any(n => Pushes.Any(p => n.Node.Value.Contains(p, StringComparison.Ordinal)))))
                {
                    sink.Report(AuditRules.CredentialPersistenceCheckout, uses,
                        $"job '{job.Id}' checks out without persist-credentials: false; the token stays in .git/config for {later.Count} later step(s)",
                        $"{job.Id}|{i}");
                    sink.Fix(new PersistCredentialsFix(step.Node));
                }
            }
        }
    }

    private static bool UploadsWorkspace(string? path)
    {
        if (path is null)
        {
            return false;
        }
        foreach (var raw in path.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var entry = raw.TrimEnd('/');
            if (entry is "." or "" or "*" or "**" or "./*" or "./**" || entry.Contains("github.workspace", StringComparison.Ordinal)
                || entry.Contains(".git", StringComparison.Ordinal) && !entry.Contains(".github", StringComparison.Ordinal) && !entry.Contains(".gitignore", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
