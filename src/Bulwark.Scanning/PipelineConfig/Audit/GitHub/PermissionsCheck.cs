using Bulwark.Scanning.PipelineConfig.Audit.Rules;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary>
/// Token permissions: <c>write-all</c> (or every scope write), no <c>permissions:</c> anywhere for a job (the
/// repository default), and write scopes in a job none of whose steps is a known user of the token.
/// </summary>
internal static class PermissionsCheck
{
    /// <summary>Step text that shows the token is used to write (git, gh, the API, publishing, or handing the token over).</summary>
    private static readonly string[] TokenUses =
    [
        "git push", "git tag", "gh ", "api.github.com", "github.token", "GITHUB_TOKEN", "github_token", "npm publish", "docker push",
        "twine", "gh-pages", "cargo publish", "dotnet nuget push", "semantic-release", "goreleaser", "changeset", "release",
    ];

    private static readonly string[] FirstPartyReadOnly =
    [
        "actions/checkout", "actions/cache", "actions/upload-artifact", "actions/download-artifact", "actions/setup-node",
        "actions/setup-python", "actions/setup-java", "actions/setup-go", "actions/setup-dotnet", "actions/cache/restore", "actions/cache/save",
    ];

    public static void Check(Workflow workflow, AuditSink sink)
    {
        if (workflow.IsAction)
        {
            return;
        }
        CheckWriteAll(workflow.Permissions, "the workflow", sink);
        foreach (var job in workflow.Jobs)
        {
            CheckWriteAll(job.Permissions, $"job '{job.Id}'", sink);
            CheckUnused(job, sink);
        }
        if (workflow.Permissions is null)
        {
            var defaulted = workflow.Jobs.Where(j => j.Permissions is null).Select(j => j.Id).ToList();
            if (defaulted.Count > 0)
            {
                var at = workflow.File.Root.Entry("jobs") is { } jobs ? (jobs.Line, jobs.Column) : (1, 1);
                sink.Report(AuditRules.ExcessivePermissionsDefault, at.Item1, at.Item2,
                    $"no permissions: at the top of the workflow; job(s) {string.Join(", ", defaulted.Take(5).Select(d => $"'{d}'"))}{(defaulted.Count > 5 ? ", …" : "")} get the repository's default token",
                    "default");
            }
        }
    }

    private static void CheckWriteAll(YamlEntry? permissions, string where, AuditSink sink)
    {
        if (permissions is null)
        {
            return;
        }
        var value = permissions.Value;
        var all = value.Text() == "write-all"
            || (value.IsMapping() && value.Entries.Count >= 10 && value.Entries.All(e => e.Value.Text() == "write"));
        if (all)
        {
            sink.Report(AuditRules.ExcessivePermissions, value, $"{where} grants the token every write scope", where);
        }
    }

    private static void CheckUnused(WorkflowJob job, AuditSink sink)
    {
        if (job.Permissions?.Value is not { Kind: YamlNodeKind.Mapping } scopes || job.Uses is not null)
        {
            return;
        }
        var writes = scopes.Entries.Where(e => e.Value.Text() == "write" && e.Key is not "id-token" and not "attestations").ToList();
        if (writes.Count == 0 || UsesToken(job))
        {
            return;
        }
        foreach (var scope in writes)
        {
            sink.Report(AuditRules.ExcessivePermissionsUnused, scope.Line, scope.Column,
                $"job '{job.Id}' is granted {scope.Key}: write but none of its steps appears to write with the token", $"{job.Id}|{scope.Key}");
        }
    }

    private static bool UsesToken(WorkflowJob job)
    {
        foreach (var step in job.Steps)
        {
            if (step.Action is { } action && !FirstPartyReadOnly.Contains(action, StringComparer.Ordinal))
            {
                return true;
            }
            foreach (var (node, _) in step.Node.Scalars())
            {
                if (TokenUses.Any(t => node.Value.Contains(t, StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }
        }
        return job.Env is { } env && env.Scalars().Any(s => s.Node.Value.Contains("token", StringComparison.OrdinalIgnoreCase));
    }
}
