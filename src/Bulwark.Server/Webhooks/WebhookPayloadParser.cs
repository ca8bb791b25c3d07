using System.Text.Json;

namespace Bulwark.Server.Webhooks;

/// <summary>
/// Turns a verified webhook into a <see cref="RepositoryEvent"/>. Push, tag and pull-request events become runs;
/// every other event is <see cref="RepositoryEventKind.Ignored"/> with a reason. Malformed or inconsistent payloads
/// raise <see cref="WebhookPayloadException"/>, and nothing else escapes, whatever the bytes.
/// </summary>
internal static class WebhookPayloadParser
{
    /// <summary>GitHub caps payloads at 25 MB; the endpoint should enforce a lower limit, this one is the last line.</summary>
    public const int MaxBodyBytes = 25 * 1024 * 1024;

    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = MaxDepth,
        // Two values for one field would let a reader other than ours see a different event.
        AllowDuplicateProperties = false,
    };

    /// <param name="eventName">The event header's value (<see cref="WebhookDelivery.Event"/>).</param>
    /// <exception cref="WebhookPayloadException">The payload is not valid JSON of the expected shape.</exception>
    public static RepositoryEvent Parse(WebhookProvider provider, string eventName, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        Func<JsonElement, RepositoryEvent>? parse = (provider, eventName) switch
        {
            (WebhookProvider.GitHub, "push") => GitHubPayloads.Push,
            (WebhookProvider.GitHub, "pull_request") => GitHubPayloads.PullRequest,
            (WebhookProvider.Gitea, "push") => GitHubPayloads.Push,
            (WebhookProvider.Gitea, "pull_request") => GitHubPayloads.PullRequest,
            (WebhookProvider.GitLab, "Push Hook") => GitLabPayloads.Push,
            (WebhookProvider.GitLab, "Tag Push Hook") => GitLabPayloads.TagPush,
            (WebhookProvider.GitLab, "Merge Request Hook") => GitLabPayloads.MergeRequest,
            _ => null,
        };
        if (parse is null)
        {
            return RepositoryEvent.Ignored(IgnoredEventReason(provider, eventName));
        }
        if (body.Length > MaxBodyBytes)
        {
            throw new WebhookPayloadException($"the payload is larger than {MaxBodyBytes} bytes");
        }
        using var document = ParseJson(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookPayloadException("the payload must be a JSON object");
        }
        return parse(document.RootElement);
    }

    private static JsonDocument ParseJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body, Options);
        }
        catch (JsonException ex)
        {
            // The reader's message names a line and byte position, not payload content.
            throw new WebhookPayloadException("the payload is not valid JSON: " + ex.Message, ex);
        }
        catch (InvalidOperationException ex)
        {
            // The duplicate-property check unescapes every property name and throws this for an escaped lone surrogate.
            throw new WebhookPayloadException("the payload is not valid JSON: a property name is not valid text", ex);
        }
    }

    /// <summary>An account name as the host reports it, or null when absent.</summary>
    internal static string? Sender(string? login, string path)
    {
        if (login is null)
        {
            return null;
        }
        return login.Length is > 0 and <= GitNames.MaxRefLength && !login.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            ? login
            : throw new WebhookPayloadException($"{path} is not a valid account name");
    }

    private static string IgnoredEventReason(WebhookProvider provider, string eventName)
    {
        if (provider == WebhookProvider.GitHub && eventName == "ping")
        {
            return "ping event: the webhook is set up";
        }
        if (provider == WebhookProvider.Gitea && eventName == "create")
        {
            return "create event: Gitea also sends a push event for new tags, which is the one that runs";
        }
        var name = WebhookDelivery.IsPrintableAscii(eventName, WebhookDelivery.MaxEventLength, allowSpace: true) ? $"'{eventName}'" : "of this type";
        return $"event {name} does not start pipelines (only push, tag and pull request events do)";
    }
}
