namespace Bulwark.Server.Webhooks;

/// <summary>The Git hosts whose webhooks Bulwark understands; the path segment of <c>/api/v1/hooks/{provider}/{project}</c>.</summary>
internal enum WebhookProvider
{
    GitHub,
    GitLab,
    Gitea,
}
