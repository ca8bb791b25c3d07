using System.Text;
using System.Text.Json.Nodes;
using Bulwark.Server.Webhooks;
using Bulwark.Tests.Shared;

namespace Bulwark.Server.Tests.Webhooks;

/// <summary>Small realistic payloads in <c>Fixtures/</c>, read from the source tree, and edited copies of them.</summary>
internal static class WebhookFixtures
{
    public static readonly string[] Names =
    [
        "github-push.json", "github-push-annotated-tag.json", "github-push-deleted-branch.json", "github-pull-request-opened.json",
        "github-pull-request-fork-synchronize.json", "github-ping.json", "gitlab-push.json", "gitlab-tag-push.json",
        "gitlab-merge-request-fork.json", "gitea-push.json", "gitea-pull-request-synchronized.json",
    ];

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "Bulwark.Server.Tests", "Webhooks", "Fixtures", name));

    /// <summary>The fixture with <paramref name="edit"/> applied to its JSON tree.</summary>
    public static byte[] Edited(string name, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Bytes(name))!.AsObject();
        edit(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>The provider and event header that go with a fixture.</summary>
    public static (WebhookProvider Provider, string Event) EventOf(string name) => name switch
    {
        _ when name.StartsWith("github-push", StringComparison.Ordinal) => (WebhookProvider.GitHub, "push"),
        _ when name.StartsWith("github-pull-request", StringComparison.Ordinal) => (WebhookProvider.GitHub, "pull_request"),
        "github-ping.json" => (WebhookProvider.GitHub, "ping"),
        "gitlab-push.json" => (WebhookProvider.GitLab, "Push Hook"),
        "gitlab-tag-push.json" => (WebhookProvider.GitLab, "Tag Push Hook"),
        _ when name.StartsWith("gitlab-merge-request", StringComparison.Ordinal) => (WebhookProvider.GitLab, "Merge Request Hook"),
        "gitea-push.json" => (WebhookProvider.Gitea, "push"),
        _ when name.StartsWith("gitea-pull-request", StringComparison.Ordinal) => (WebhookProvider.Gitea, "pull_request"),
        _ => throw new ArgumentException("unknown fixture " + name, nameof(name)),
    };
}
