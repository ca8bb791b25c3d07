using Bulwark.Server.Access;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Runs;

/// <summary>
/// Routes under <c>/runs/{runId}</c> name a run, not a project; permissions are per project. Before authorization
/// this looks the run's project up and puts it in the <c>name</c> route value the permission handler reads, so run
/// endpoints are authorized exactly like project endpoints. An unknown run gets no project, which only an
/// administrator passes (and then sees 404).
/// </summary>
internal static class RunRouteProject
{
    public const string RunRouteValue = "runId";

    public static IApplicationBuilder UseRunRouteProject(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetRouteValue(RunRouteValue) is string text && Guid.TryParse(text, out var runId)
            && http.GetRouteValue(PermissionHandler.ProjectRouteValue) is null)
        {
            var db = http.RequestServices.GetRequiredService<BulwarkDbContext>();
            var project = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => r.Project!.Name).FirstOrDefaultAsync(http.RequestAborted);
            if (project is not null)
            {
                http.Request.RouteValues[PermissionHandler.ProjectRouteValue] = project;
            }
        }
        await next(http);
    });
}
