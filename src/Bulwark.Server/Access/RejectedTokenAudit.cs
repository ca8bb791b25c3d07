using Bulwark.Server.Audit;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Access;

/// <summary>
/// Audits use of a real token that failed — a revoked or expired token, or a known token id with the wrong
/// secret, is what a stolen or leaked token looks like — at most once per token per <see cref="AuditThrottle.Interval"/>.
/// Random token ids match no row and are not audited (the request metrics count them as 401s).
/// </summary>
internal sealed class RejectedTokenAudit(AuditLog audit, AuditThrottle throttle)
{
    public async Task RecordAsync(HttpContext http, ApiToken token, string owner, string reason)
    {
        if (!throttle.ShouldRecord("token:" + token.Id))
        {
            return;
        }
        var db = http.RequestServices.GetRequiredService<BulwarkDbContext>();
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.TokenRejected, "user:" + owner, succeeded: false,
            details: new Dictionary<string, string?> { ["token"] = token.Id, ["reason"] = reason }), http.RequestAborted);
    }
}
