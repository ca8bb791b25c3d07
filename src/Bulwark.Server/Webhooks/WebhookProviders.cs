namespace Bulwark.Server.Webhooks;

internal static class WebhookProviders
{
    /// <summary>Reads the URL path segment: exactly "github", "gitlab" or "gitea" (lower case, as documented).</summary>
    public static bool TryParse(string? segment, out WebhookProvider provider)
    {
        (var known, provider) = segment switch
        {
            "github" => (true, WebhookProvider.GitHub),
            "gitlab" => (true, WebhookProvider.GitLab),
            "gitea" => (true, WebhookProvider.Gitea),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>The path segment for <paramref name="provider"/>.</summary>
    public static string Segment(this WebhookProvider provider) => provider switch
    {
        WebhookProvider.GitHub => "github",
        WebhookProvider.GitLab => "gitlab",
        WebhookProvider.Gitea => "gitea",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };
}
