using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Webhooks;

/// <summary>Adapts request headers to the lookup the webhook classes take.</summary>
internal static class WebhookHeaders
{
    /// <summary>
    /// A lookup that returns a header's single value, or null when the header is absent or repeated: a repeated
    /// signature or delivery header is ambiguous, and ambiguity must not decide which copy gets checked.
    /// </summary>
    public static Func<string, string?> From(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return name => headers.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
    }
}
