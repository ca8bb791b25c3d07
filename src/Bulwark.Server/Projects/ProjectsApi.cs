using System.Security.Claims;
using Bulwark.Server.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Projects;

/// <summary><c>/api/v1/projects</c>: create, list, read, update and archive projects, rotate webhook secrets; members (<see cref="ProjectMembersApi"/>).</summary>
internal static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");
        projects.MapGet("/", ListAsync).RequirePermission(Permission.SignedIn).Produces<ProjectResponse[]>();
        projects.MapPost("/", CreateAsync).RequirePermission(Permission.ProjectCreate).Produces<ProjectResponse>(StatusCodes.Status201Created);
        projects.MapGet("/{name}", GetAsync).RequirePermission(Permission.ProjectRead).Produces<ProjectResponse>();
        projects.MapPatch("/{name}", UpdateAsync).RequirePermission(Permission.ProjectSettingsWrite).Produces<ProjectResponse>();
        projects.MapPost("/{name}/archive", ArchiveAsync).RequirePermission(Permission.ProjectOwn).Produces<ProjectResponse>();
        projects.MapPost("/{name}/webhook-secret", RotateWebhookSecretAsync).RequirePermission(Permission.ProjectSettingsWrite, stepUp: true).Produces<WebhookSecretResponse>();
        projects.MapProjectMembersApi();
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, ProjectService projects, CancellationToken cancellationToken) =>
        TypedResults.Ok(await projects.ListAsync(UserId(http), http.User.HasClaim(BulwarkClaims.Admin, "true"), cancellationToken));

    private static async Task<IResult> CreateAsync(CreateProjectRequest request, HttpContext http, ProjectService projects, CancellationToken cancellationToken) =>
        (await projects.CreateAsync(http, request, cancellationToken)).ToResult(p => TypedResults.Created($"/api/v1/projects/{p.Name}", p));

    private static async Task<IResult> GetAsync(string name, HttpContext http, ProjectService projects, CancellationToken cancellationToken) =>
        (await projects.GetAsync(name, UserId(http), cancellationToken)).ToResult(TypedResults.Ok);

    private static async Task<IResult> UpdateAsync(string name, UpdateProjectRequest request, HttpContext http, ProjectService projects, CancellationToken cancellationToken) =>
        (await projects.UpdateAsync(http, name, request, cancellationToken)).ToResult(TypedResults.Ok);

    private static async Task<IResult> ArchiveAsync(string name, HttpContext http, ProjectService projects, CancellationToken cancellationToken) =>
        (await projects.ArchiveAsync(http, name, cancellationToken)).ToResult(TypedResults.Ok);

    private static async Task<IResult> RotateWebhookSecretAsync(string name, HttpContext http, ProjectService projects, CancellationToken cancellationToken) =>
        (await projects.RotateWebhookSecretAsync(http, name, cancellationToken)).ToResult(TypedResults.Ok);

    private static string UserId(HttpContext http) => http.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
