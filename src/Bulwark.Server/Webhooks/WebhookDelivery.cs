namespace Bulwark.Server.Webhooks;

/// <summary>
/// The delivery id (for rejecting replays) and the event name a Git host puts in its webhook headers.
/// Neither is covered by the host's signature, so both are validated strictly before anything stores or logs them.
/// </summary>
internal sealed record WebhookDelivery(string Id, string Event)
{
    public const int MaxIdLength = 128;
    public const int MaxEventLength = 64;

    /// <exception cref="WebhookPayloadException">A header is missing, repeated or not printable ASCII of the allowed length.</exception>
    public static WebhookDelivery Read(WebhookProvider provider, Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var (idHeader, fallbackIdHeader, eventHeader) = provider switch
        {
            WebhookProvider.GitHub => ("X-GitHub-Delivery", null, "X-GitHub-Event"),
            // GitLab 16+ sends X-Gitlab-Event-UUID per delivery; X-Gitlab-Webhook-UUID names the hook and is the older fallback.
            WebhookProvider.GitLab => ("X-Gitlab-Event-UUID", "X-Gitlab-Webhook-UUID", "X-Gitlab-Event"),
            WebhookProvider.Gitea => ("X-Gitea-Delivery", (string?)null, "X-Gitea-Event"),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
        var id = header(idHeader) ?? (fallbackIdHeader is null ? null : header(fallbackIdHeader));
        if (!IsPrintableAscii(id, MaxIdLength, allowSpace: false))
        {
            throw new WebhookPayloadException($"the {idHeader} header must be 1 to {MaxIdLength} printable ASCII characters");
        }
        var eventName = header(eventHeader);
        // GitLab's event names contain spaces ("Push Hook"); GitHub's and Gitea's do not, but a space is harmless.
        if (!IsPrintableAscii(eventName, MaxEventLength, allowSpace: true))
        {
            throw new WebhookPayloadException($"the {eventHeader} header must be 1 to {MaxEventLength} printable ASCII characters");
        }
        return new WebhookDelivery(id!, eventName!);
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
