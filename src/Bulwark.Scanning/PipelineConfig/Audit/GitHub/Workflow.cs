using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary>
/// A GitHub Actions workflow or a repository's own action (<c>action.yml</c>: its steps form one pseudo-job),
/// as thin views over the YAML tree so every finding keeps its position.
/// </summary>
internal sealed record Workflow(AuditFile File, IReadOnlySet<string> Triggers, YamlEntry? Permissions, YamlNode? Env, IReadOnlyList<WorkflowJob> Jobs)
{
    public bool IsAction => File.Kind == PipelineFileKind.GitHubAction;

    /// <summary>Triggers that run with the base repository's secrets and a write token on events a fork can cause.</summary>
    public bool HasPrivilegedTrigger => Triggers.Contains("pull_request_target") || Triggers.Contains("workflow_run")
        || Triggers.Contains("issue_comment") || Triggers.Contains("pull_request_review_comment") || Triggers.Contains("issues")
        || Triggers.Contains("discussion") || Triggers.Contains("discussion_comment") || Triggers.Contains("pull_request_review");

    /// <summary>Triggers through which a fork's pull request runs this workflow at all.</summary>
    public bool RunsForForkPullRequests => Triggers.Contains("pull_request") || Triggers.Contains("pull_request_target")
        || Triggers.Contains("pull_request_review") || Triggers.Contains("pull_request_review_comment") || Triggers.Contains("issue_comment")
        || Triggers.Contains("workflow_run");

    /// <summary>Release or deployment workflows: what they build is shipped.</summary>
    public bool IsRelease => Triggers.Contains("release") || Triggers.Contains("registry_package")
        || PushesTags || File.Path.Contains("release", StringComparison.OrdinalIgnoreCase) || File.Path.Contains("publish", StringComparison.OrdinalIgnoreCase)
        || File.Path.Contains("deploy", StringComparison.OrdinalIgnoreCase);

    public bool PushesTags { get; init; }
}

/// <summary>One job: steps, or a call to a reusable workflow (<see cref="Uses"/>).</summary>
internal sealed record WorkflowJob(string Id, YamlEntry Entry, IReadOnlyList<WorkflowStep> Steps)
{
    public YamlNode Node => Entry.Value;

    public YamlNode? Uses => Node.Get("uses");

    public YamlEntry? Permissions => Node.Entry("permissions");

    public YamlNode? RunsOn => Node.Get("runs-on");

    public YamlNode? If => Node.Get("if");

    public YamlNode? Env => Node.Get("env");

    /// <summary>The environment's name (<c>environment: prod</c> or <c>environment: { name: prod }</c>).</summary>
    public string? Environment => Node.Get("environment") is { } e ? e.Text() ?? e.Text("name") : null;
}

/// <summary>One step: <see cref="Uses"/> an action, or <see cref="Run"/>s a script.</summary>
internal sealed record WorkflowStep(YamlNode Node, int Index)
{
    public YamlNode? Uses => Node.Get("uses");

    public YamlNode? Run => Node.Get("run");

    public YamlNode? With => Node.Get("with");

    public YamlNode? Env => Node.Get("env");

    public YamlNode? If => Node.Get("if");

    public string? Shell => Node.Text("shell");

    /// <summary>The action's name without the ref (<c>actions/checkout</c>), lower-case; null for run steps.</summary>
    public string? Action => Uses.Text() is { } uses ? ActionRef.Parse(uses)?.Name.ToLowerInvariant() : null;

    public string Describe() => Node.Text("name") ?? Node.Text("id") ?? Uses.Text() ?? $"step {Index + 1}";
}
