using Bulwark.Server.Access;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Runs;

/// <summary>Routes under <c>/runs/{runId}</c>: the run id finds the project whose role the caller needs.</summary>
internal static class RunRoutes
{
    public const string RunIdRouteValue = "runId";

    /// <summary>Declares a project permission on a <c>/runs/{runId}</c> endpoint, checked against the run's project.</summary>
    public static TBuilder RequireRunPermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequirePermission(permission).WithMetadata(new ProjectLookup(FindProjectAsync));

    /// <summary>The run id of the route, or null when it is not a GUID.</summary>
    public static Guid? RunId(HttpContext http) =>
        Guid.TryParse(http.GetRouteValue(RunIdRouteValue) as string, out var id) ? id : null;

    private static async Task<string?> FindProjectAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (RunId(http) is not { } id)
        {
            return null;
        }
        var db = http.RequestServices.GetRequiredService<BulwarkDbContext>();
        return await db.Runs.AsNoTracking().Where(r => r.Id == id).Select(r => r.Project!.Name).FirstOrDefaultAsync(cancellationToken);
    }
}
