namespace Bulwark.Server.Webhooks;

internal enum RepositoryEventKind
{
    /// <summary>Commits pushed to a branch.</summary>
    Push,

    /// <summary>A tag pushed (created or moved).</summary>
    Tag,

    /// <summary>A pull (merge) request opened, reopened or given new commits.</summary>
    PullRequest,

    /// <summary>Acknowledged and not run: see <see cref="RepositoryEvent.IgnoredReason"/>.</summary>
    Ignored,
}
