using Bulwark.Server.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Operations;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format. It needs the audit-read permission (an administrator, or a
/// token with scope <c>audit:read</c> given to Prometheus as a bearer token): request and sign-in-failure counts
/// tell an outsider what the server is used for and whether a guessing attack is working.
/// </summary>
internal static class MetricsApi
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/metrics", (ServerMetrics metrics) => Results.Text(metrics.Render(), ContentType))
            .RequirePermission(Permission.AuditRead).ExcludeFromDescription();
        return routes;
    }
}
