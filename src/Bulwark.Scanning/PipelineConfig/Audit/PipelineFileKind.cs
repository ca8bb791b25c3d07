namespace Bulwark.Scanning.PipelineConfig.Audit;

/// <summary>The kinds of pipeline files the audit reads.</summary>
internal enum PipelineFileKind
{
    /// <summary><c>.github/workflows/*.yml</c>.</summary>
    GitHubWorkflow,

    /// <summary>A composite or other <c>action.yml</c> (an action defined in the repository).</summary>
    GitHubAction,

    /// <summary><c>.gitlab-ci.yml</c> and the local files it includes.</summary>
    GitLabCi,

    /// <summary>Bulwark's own <c>.bulwark.yml</c>.</summary>
    Bulwark,
}
