using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Secrets.External;

/// <summary>Log lines of the Vault client; none carries a token, secret_id or value.</summary>
internal static partial class VaultLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Logged in to Vault with AppRole at auth/{Mount}; token lease {LeaseSeconds} s")]
    public static partial void LoggedIn(ILogger logger, string mount, long leaseSeconds);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Vault refused the token while resolving {Reference} (HTTP 403); obtaining a new token and retrying once")]
    public static partial void TokenRefused(ILogger logger, string reference);
}
