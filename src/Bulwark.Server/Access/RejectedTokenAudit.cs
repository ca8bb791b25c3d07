using System.Collections.Concurrent;
using Bulwark.Server.Audit;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Access;

/// <summary>
/// Audits use of a real token that failed — a revoked or expired token, or a known token id with the wrong
/// secret, is what a stolen or leaked token looks like. Bounded so a client retrying in a loop cannot flood the
/// log: at most one entry per token per <see cref="Interval"/>. Random token ids match no row and are not audited
/// (they are counted by the request metrics as 401s).
/// </summary>
internal sealed class RejectedTokenAudit(AuditLog audit, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private const int MaxTracked = 10_000;
    private readonly ConcurrentDictionary<string, long> _lastRecorded = new(StringComparer.Ordinal);

    public async Task RecordAsync(HttpContext http, ApiToken token, string owner, string reason)
    {
        var now = time.GetTimestamp();
        if (_lastRecorded.TryGetValue(token.Id, out var last) && time.GetElapsedTime(last, now) < Interval)
        {
            return;
        }
        if (_lastRecorded.Count >= MaxTracked)
        {
            _lastRecorded.Clear();
        }
        _lastRecorded[token.Id] = now;
        var db = http.RequestServices.GetRequiredService<BulwarkDbContext>();
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.TokenRejected, "user:" + owner, succeeded: false,
            details: new Dictionary<string, string?> { ["token"] = token.Id, ["reason"] = reason }), http.RequestAborted);
    }
}
