namespace Bulwark.Server.Webhooks;

/// <summary>
/// One webhook, normalized across Git hosts. Everything here has been validated: <see cref="Commit"/> is 40
/// lower-case hex characters and every ref or branch name passed <see cref="GitNames"/>' checks.
/// </summary>
internal sealed record RepositoryEvent
{
    public required RepositoryEventKind Kind { get; init; }

    /// <summary>
    /// The full ref to fetch the commit by: <c>refs/heads/main</c>, <c>refs/tags/v1.2</c>, or for pull requests the
    /// host's read-only ref in the base repository (<c>refs/pull/7/head</c>, GitLab <c>refs/merge-requests/7/head</c>),
    /// which also exists for pull requests from forks.
    /// </summary>
    public string? Ref { get; init; }

    /// <summary>Push: the branch pushed to. Pull request: the head (source) branch, which may live in a fork.</summary>
    public string? Branch { get; init; }

    /// <summary>Tag: the tag name without <c>refs/tags/</c>.</summary>
    public string? Tag { get; init; }

    /// <summary>The commit to build (for a tag, the commit it points to, not an annotated tag object).</summary>
    public string? Commit { get; init; }

    /// <summary>Pull request: its number (GitLab: the merge request's iid).</summary>
    public int? PullRequest { get; init; }

    /// <summary>Pull request: the branch it wants to merge into.</summary>
    public string? BaseBranch { get; init; }

    /// <summary>Pull request: the head lives in another repository (or a deleted one). Such runs get no secrets.</summary>
    public bool FromFork { get; init; }

    /// <summary>The account that caused the event, as the host names it; informational only.</summary>
    public string? Sender { get; init; }

    /// <summary>Why an <see cref="RepositoryEventKind.Ignored"/> event starts no run.</summary>
    public string? IgnoredReason { get; init; }

    public static RepositoryEvent Ignored(string reason, string? sender = null) =>
        new() { Kind = RepositoryEventKind.Ignored, IgnoredReason = reason, Sender = sender };
}
