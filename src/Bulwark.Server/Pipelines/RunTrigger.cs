namespace Bulwark.Server.Pipelines;

/// <summary>
/// What asks for a run: a webhook event or a person. <see cref="Ref"/> is a full ref name
/// (<c>refs/heads/main</c>, <c>refs/tags/v1</c>); for pull requests it is the head branch as <c>refs/heads/…</c>
/// of the source repository, <see cref="TargetBranch"/> the branch it wants to merge into, and
/// <see cref="FromFork"/> says whether the source repository is someone else's.
/// </summary>
internal sealed record RunTrigger(
    string Event,
    string Ref,
    string Commit,
    string TriggeredBy,
    bool FromFork = false,
    int? PullRequest = null,
    string? TargetBranch = null)
{
    public const string Push = "push";
    public const string Tag = "tag";
    public const string PullRequestEvent = "pull_request";
    public const string Manual = "manual";
    public const string Schedule = "schedule";

    public string? Branch => Ref.StartsWith("refs/heads/", StringComparison.Ordinal) ? Ref["refs/heads/".Length..] : null;

    public string? TagName => Ref.StartsWith("refs/tags/", StringComparison.Ordinal) ? Ref["refs/tags/".Length..] : null;

    /// <summary>The branch or tag name without its <c>refs/…/</c> prefix (what secret branch rules match).</summary>
    public string ShortRef => Branch ?? TagName ?? Ref;
}
