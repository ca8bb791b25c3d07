namespace Bulwark.Server.Webhooks;

/// <summary>
/// A webhook's headers or payload are malformed or fail validation. The message is safe to return to the sender
/// and to log: it names fields, never echoes their values at length.
/// </summary>
internal sealed class WebhookPayloadException(string message, Exception? inner = null) : Exception(message, inner);
