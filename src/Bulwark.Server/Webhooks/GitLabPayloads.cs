using System.Text.Json;

namespace Bulwark.Server.Webhooks;

/// <summary>
/// GitLab's Push Hook, Tag Push Hook and Merge Request Hook payloads. GitLab's token is not a signature over the
/// body, so the body's <c>object_kind</c> must agree with the event header before anything else is read.
/// </summary>
internal static class GitLabPayloads
{
    public static RepositoryEvent Push(JsonElement root) => RefPush(root, "push", GitNames.HeadsPrefix);

    public static RepositoryEvent TagPush(JsonElement root) => RefPush(root, "tag_push", GitNames.TagsPrefix);

    public static RepositoryEvent MergeRequest(JsonElement root)
    {
        ExpectKind(root, "merge_request");
        var sender = JsonFields.OptionalObject(root, "user", "user") is { } user
            ? WebhookPayloadParser.Sender(JsonFields.OptionalString(user, "username", "user.username"), "user.username")
            : null;
        var attributes = JsonFields.Object(root, "object_attributes", "object_attributes");
        var action = JsonFields.OptionalString(attributes, "action", "object_attributes.action");
        // "update" also fires for title, label and assignee edits; oldrev is present only when commits were pushed.
        var runs = action is "open" or "reopen"
            || action == "update" && JsonFields.OptionalString(attributes, "oldrev", "object_attributes.oldrev") is not null;
        if (!runs)
        {
            var shown = action is not null && WebhookDelivery.IsPrintableAscii(action, 32, allowSpace: false) ? $"'{action}'" : "of this kind";
            return RepositoryEvent.Ignored($"merge request action {shown} does not start pipelines (open, reopen and new commits do)", sender);
        }
        var iid = JsonFields.Number(attributes, "iid", "object_attributes.iid");
        var lastCommit = JsonFields.Object(attributes, "last_commit", "object_attributes.last_commit");
        var source = JsonFields.OptionalInteger(attributes, "source_project_id", "object_attributes.source_project_id");
        var target = JsonFields.OptionalInteger(attributes, "target_project_id", "object_attributes.target_project_id");
        return new RepositoryEvent
        {
            Kind = RepositoryEventKind.PullRequest,
            // GitLab keeps every merge request's head under this ref in the target project, forks included.
            Ref = $"refs/merge-requests/{iid}/head",
            Branch = GitNames.Branch(JsonFields.String(attributes, "source_branch", "object_attributes.source_branch"), "object_attributes.source_branch"),
            BaseBranch = GitNames.Branch(JsonFields.String(attributes, "target_branch", "object_attributes.target_branch"), "object_attributes.target_branch"),
            Commit = GitNames.Commit(JsonFields.String(lastCommit, "id", "object_attributes.last_commit.id"), "object_attributes.last_commit.id"),
            PullRequest = iid,
            // A missing source project id means the source project is gone: treat it like a fork.
            FromFork = source is null || target is null || source != target,
            Sender = sender,
        };
    }

    private static RepositoryEvent RefPush(JsonElement root, string kind, string prefix)
    {
        ExpectKind(root, kind);
        var sender = WebhookPayloadParser.Sender(JsonFields.OptionalString(root, "user_username", "user_username"), "user_username");
        var reference = GitNames.Ref(JsonFields.String(root, "ref", "ref"), "ref");
        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new WebhookPayloadException($"ref of a {kind} event must start with {prefix}");
        }
        var after = JsonFields.String(root, "after", "after");
        // checkout_sha is the commit (for an annotated tag, "after" is the tag object); it is null when the ref was deleted.
        var checkout = JsonFields.OptionalString(root, "checkout_sha", "checkout_sha");
        if (GitNames.IsZero(after) || checkout is not null && GitNames.IsZero(checkout))
        {
            return RepositoryEvent.Ignored("the push deleted the ref", sender);
        }
        var commit = checkout is null ? GitNames.Commit(after, "after") : GitNames.Commit(checkout, "checkout_sha");
        var name = reference[prefix.Length..];
        return kind == "push"
            ? new RepositoryEvent { Kind = RepositoryEventKind.Push, Ref = reference, Branch = name, Commit = commit, Sender = sender }
            : new RepositoryEvent { Kind = RepositoryEventKind.Tag, Ref = reference, Tag = name, Commit = commit, Sender = sender };
    }

    private static void ExpectKind(JsonElement root, string kind)
    {
        if (JsonFields.String(root, "object_kind", "object_kind") != kind)
        {
            throw new WebhookPayloadException($"object_kind does not match the X-Gitlab-Event header (expected {kind})");
        }
    }
}
