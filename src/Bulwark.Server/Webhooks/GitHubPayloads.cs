using System.Text.Json;

namespace Bulwark.Server.Webhooks;

/// <summary>
/// GitHub's <c>push</c> and <c>pull_request</c> payloads. Gitea sends the same shapes (its pull request action for
/// new commits is <c>synchronized</c> where GitHub says <c>synchronize</c>), so both hosts share this reader.
/// </summary>
internal static class GitHubPayloads
{
    private static readonly HashSet<string> RunActions = new(StringComparer.Ordinal) { "opened", "reopened", "synchronize", "synchronized" };

    public static RepositoryEvent Push(JsonElement root)
    {
        var sender = Sender(root);
        var reference = GitNames.Ref(JsonFields.String(root, "ref", "ref"), "ref");
        var after = JsonFields.String(root, "after", "after");
        if (JsonFields.OptionalBool(root, "deleted", "deleted") || GitNames.IsZero(after))
        {
            return RepositoryEvent.Ignored("the push deleted the ref", sender);
        }
        var commit = GitNames.Commit(after, "after");
        if (reference.StartsWith(GitNames.HeadsPrefix, StringComparison.Ordinal))
        {
            return new RepositoryEvent
            {
                Kind = RepositoryEventKind.Push,
                Ref = reference,
                Branch = reference[GitNames.HeadsPrefix.Length..],
                Commit = commit,
                Sender = sender,
            };
        }
        if (reference.StartsWith(GitNames.TagsPrefix, StringComparison.Ordinal))
        {
            // For an annotated tag "after" is the tag object; head_commit is the commit it points to.
            var headCommit = JsonFields.OptionalObject(root, "head_commit", "head_commit");
            var id = headCommit is { } head ? JsonFields.OptionalString(head, "id", "head_commit.id") : null;
            return new RepositoryEvent
            {
                Kind = RepositoryEventKind.Tag,
                Ref = reference,
                Tag = reference[GitNames.TagsPrefix.Length..],
                Commit = id is null ? commit : GitNames.Commit(id, "head_commit.id"),
                Sender = sender,
            };
        }
        return RepositoryEvent.Ignored("the push is to a ref that is neither a branch nor a tag", sender);
    }

    public static RepositoryEvent PullRequest(JsonElement root)
    {
        var sender = Sender(root);
        var action = JsonFields.String(root, "action", "action");
        if (!RunActions.Contains(action))
        {
            var shown = WebhookDelivery.IsPrintableAscii(action, 32, allowSpace: false) ? $"'{action}'" : "of this kind";
            return RepositoryEvent.Ignored($"pull request action {shown} does not start pipelines (opened, reopened and new commits do)", sender);
        }
        var number = JsonFields.Number(root, "number", "number");
        var pullRequest = JsonFields.Object(root, "pull_request", "pull_request");
        var head = JsonFields.Object(pullRequest, "head", "pull_request.head");
        var baseBranch = JsonFields.Object(pullRequest, "base", "pull_request.base");
        return new RepositoryEvent
        {
            Kind = RepositoryEventKind.PullRequest,
            // Hosts keep this read-only ref in the base repository, so the commit of a fork's pull request is fetchable there.
            Ref = $"refs/pull/{number}/head",
            Branch = GitNames.Branch(JsonFields.String(head, "ref", "pull_request.head.ref"), "pull_request.head.ref"),
            BaseBranch = GitNames.Branch(JsonFields.String(baseBranch, "ref", "pull_request.base.ref"), "pull_request.base.ref"),
            Commit = GitNames.Commit(JsonFields.String(head, "sha", "pull_request.head.sha"), "pull_request.head.sha"),
            PullRequest = number,
            FromFork = IsFork(head, baseBranch),
            Sender = sender,
        };
    }

    /// <summary>
    /// A fork unless both sides name the same repository. A missing head repository means the fork was deleted;
    /// anything missing or unreadable counts as a fork, because that is the side without secrets.
    /// </summary>
    private static bool IsFork(JsonElement head, JsonElement baseBranch)
    {
        var headRepository = JsonFields.OptionalObject(head, "repo", "pull_request.head.repo");
        var baseRepository = JsonFields.OptionalObject(baseBranch, "repo", "pull_request.base.repo");
        if (headRepository is not { } headRepo || baseRepository is not { } baseRepo)
        {
            return true;
        }
        var headName = JsonFields.OptionalString(headRepo, "full_name", "pull_request.head.repo.full_name");
        var baseName = JsonFields.OptionalString(baseRepo, "full_name", "pull_request.base.repo.full_name");
        if (headName is null || baseName is null || !string.Equals(headName, baseName, StringComparison.Ordinal))
        {
            return true;
        }
        var headId = JsonFields.OptionalInteger(headRepo, "id", "pull_request.head.repo.id");
        var baseId = JsonFields.OptionalInteger(baseRepo, "id", "pull_request.base.repo.id");
        return headId != baseId;
    }

    private static string? Sender(JsonElement root) =>
        JsonFields.OptionalObject(root, "sender", "sender") is { } sender
            ? WebhookPayloadParser.Sender(JsonFields.OptionalString(sender, "login", "sender.login"), "sender.login")
            : null;
}
