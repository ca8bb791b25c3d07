using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Artifacts;

/// <summary>Log lines of artifact downloads; they name digests, never content.</summary>
internal static partial class ArtifactLog
{
    [LoggerMessage(EventId = 7201, Level = LogLevel.Error, Message = "Blob {Sha256} could not be served: {Reason}")]
    public static partial void Unreadable(ILogger logger, string sha256, string reason);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Error, Message = "Blob {Sha256} turned out damaged while it was being sent; the connection was aborted so the client cannot take the transfer as complete: {Reason}")]
    public static partial void DamagedMidway(ILogger logger, string sha256, string reason);
}
