namespace Bulwark.Server.Secrets;

/// <summary>
/// The run events a secret can be limited to. Without an explicit list a secret goes to push, tag and manual
/// runs; pull requests must be named, and even then forks only receive it when a maintainer approved the run.
/// </summary>
internal static class SecretEvents
{
    public const string Push = "push";
    public const string Tag = "tag";
    public const string Manual = "manual";
    public const string PullRequest = "pull_request";

    public static readonly IReadOnlyList<string> Known = [Push, Tag, Manual, PullRequest];

    public static readonly IReadOnlyList<string> Default = [Manual, Push, Tag];
}
