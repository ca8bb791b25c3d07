using Bulwark.Server.Access;
using Bulwark.Server.Operations;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Audit;

/// <summary>
/// <c>/api/v1/audit</c>: the entries, oldest first and paged by sequence (<c>after</c>), for the UI and a SIEM;
/// and <c>/api/v1/audit/verify</c>, the chain's verdict with this server's key and head anchor.
/// </summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("/", ListAsync).RequirePermission(Permission.AuditRead);
        audit.MapGet("/verify", VerifyAsync).RequirePermission(Permission.AuditRead);
        return api;
    }

    private static async Task<IResult> ListAsync(
        BulwarkDbContext db, string? since, string? until, string? action, string? actor, string? outcome, int? limit, long? after, CancellationToken cancellationToken)
    {
        DateTime sinceTime = default, untilTime = default;
        if (since is not null && !AuditTime.TryParse(since, upperBound: false, out sinceTime))
        {
            return Problems.BadRequest("since must be a date (2026-01-31) or an ISO-8601 time", "since");
        }
        if (until is not null && !AuditTime.TryParse(until, upperBound: true, out untilTime))
        {
            return Problems.BadRequest("until must be a date (2026-01-31) or an ISO-8601 time", "until");
        }
        if (limit is < 1 or > AuditFilter.MaxPageSize)
        {
            return Problems.BadRequest($"limit must be 1-{AuditFilter.MaxPageSize}", "limit");
        }
        var filter = new AuditFilter
        {
            Since = since is null ? null : sinceTime,
            Until = until is null ? null : untilTime,
            Action = action,
            Actor = actor,
            Outcome = outcome,
        };
        if (filter.Problem() is { } problem)
        {
            return Problems.BadRequest(problem);
        }
        var size = limit ?? AuditFilter.DefaultPageSize;
        var page = await filter.Apply(db).AsNoTracking().Where(e => e.Sequence > (after ?? 0))
            .OrderBy(e => e.Sequence).Take(size + 1).ToListAsync(cancellationToken);
        var more = page.Count > size;
        var entries = page.Take(size).Select(AuditRecord.From).ToList();
        return TypedResults.Ok(new AuditPage(entries, more ? entries[^1].Sequence : null));
    }

    private static async Task<IResult> VerifyAsync(BulwarkDbContext db, AuditLog audit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await audit.VerifyAsync(db, cancellationToken));
}
