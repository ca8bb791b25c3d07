using System.Security.Claims;
using Bulwark.Server.Access;
using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Audit;

/// <summary>Fills an audit event's who and from-where from the current request.</summary>
internal static class AuditActor
{
    /// <summary>The signed-in user's name, for records that keep who did something (runs, cancellations).</summary>
    public static string Name(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    public static AuditEvent Event(HttpContext http, string action, string? target, bool succeeded = true, IReadOnlyDictionary<string, string?>? details = null)
    {
        var user = http.User;
        var merged = new Dictionary<string, string?>(details ?? new Dictionary<string, string?>());
        if (user.FindFirstValue(BulwarkClaims.TokenId) is { } tokenId)
        {
            merged["via"] = "token:" + tokenId;
        }
        return new AuditEvent(action, succeeded)
        {
            ActorId = user.FindFirstValue(ClaimTypes.NameIdentifier),
            ActorName = user.Identity?.IsAuthenticated == true ? user.Identity.Name : null,
            SourceIp = http.Connection.RemoteIpAddress?.ToString(),
            Target = target,
            Details = merged,
        };
    }
}
