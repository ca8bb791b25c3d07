namespace Bulwark.Server.Configuration;

/// <summary>A setting is missing or invalid; the message names the setting and where it came from.</summary>
internal sealed class ServerOptionsException(string message) : Exception(message);
