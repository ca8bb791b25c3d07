using System.Security.Claims;
using System.Text.Json;
using Bulwark.Server.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Projects;

/// <summary><c>/api/v1/projects</c>: create, list, read, update and archive projects, rotate webhook secrets; members (<see cref="ProjectMembersApi"/>).</summary>
internal static class ProjectsApi
{
    /// <summary>What <c>TypedResults.Ok</c> would send for the list.</summary>
    private const string JsonContentType = "application/json; charset=utf-8";

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

    /// <summary>From <see cref="ProjectListCache"/> when it can; the database (and a context rented for it) only on a miss.</summary>
    private static async Task<IResult> ListAsync(HttpContext http, ProjectListCache cache, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var userId = UserId(http);
        var isAdmin = http.User.HasClaim(BulwarkClaims.Admin, "true");
        if (cache.Get(userId, isAdmin) is not { } body)
        {
            var generation = cache.Generation;
            var projects = await http.RequestServices.GetRequiredService<ProjectService>().ListAsync(userId, isAdmin, cancellationToken);
            body = JsonSerializer.SerializeToUtf8Bytes(projects, json.Value.SerializerOptions);
            cache.Add(userId, isAdmin, body, generation);
        }
        return TypedResults.Bytes(body, JsonContentType);
    }

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
