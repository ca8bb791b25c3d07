namespace Bulwark.Server.Webhooks;

/// <summary>
/// The delivery id (for rejecting replays) and the event name a Git host puts in its webhook headers.
/// Neither is covered by the host's signature, so both are validated strictly before anything stores or logs them.
/// GitLab before 16 sends no per-delivery id (<c>X-Gitlab-Webhook-UUID</c> names the hook, the same for every
/// delivery), so there <see cref="Id"/> is null and only the body's digest guards against replays.
/// </summary>
internal sealed record WebhookDelivery(string? Id, string Event)
{
    public const int MaxIdLength = 128;
    public const int MaxEventLength = 64;

    /// <exception cref="WebhookPayloadException">A header is missing, repeated or not printable ASCII of the allowed length.</exception>
    public static WebhookDelivery Read(WebhookProvider provider, Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var (idHeader, eventHeader) = provider switch
        {
            WebhookProvider.GitHub => ("X-GitHub-Delivery", "X-GitHub-Event"),
            WebhookProvider.GitLab => ("X-Gitlab-Event-UUID", "X-Gitlab-Event"),
            WebhookProvider.Gitea => ("X-Gitea-Delivery", "X-Gitea-Event"),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
        var id = header(idHeader);
        var optional = provider == WebhookProvider.GitLab && id is null;
        if (!optional && !IsPrintableAscii(id, MaxIdLength, allowSpace: false))
        {
            throw new WebhookPayloadException($"the {idHeader} header must be 1 to {MaxIdLength} printable ASCII characters");
        }
        var eventName = header(eventHeader);
        // GitLab's event names contain spaces ("Push Hook"); GitHub's and Gitea's do not, but a space is harmless.
        if (!IsPrintableAscii(eventName, MaxEventLength, allowSpace: true))
        {
            throw new WebhookPayloadException($"the {eventHeader} header must be 1 to {MaxEventLength} printable ASCII characters");
        }
        return new WebhookDelivery(id, eventName!);
    }

    internal static bool IsPrintableAscii(string? value, int maxLength, bool allowSpace)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (c is < '!' or > '~' && !(allowSpace && c == ' '))
            {
                return false;
            }
        }
        return true;
    }
}
