namespace Bulwark.Cli.Commands;

/// <summary>The server could not be reached or answered something unusable; the message says which.</summary>
internal sealed class ServerClientException(string message) : Exception(message);
