using Bulwark.Server.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Projects;

/// <summary><c>/api/v1/projects/{name}/members</c>: who may do what in a project. Changes need the owner role and step-up.</summary>
internal static class ProjectMembersApi
{
    public static RouteGroupBuilder MapProjectMembersApi(this RouteGroupBuilder projects)
    {
        var members = projects.MapGroup("/{name}/members").WithTags("Members");
        members.MapGet("/", ListAsync).RequirePermission(Permission.ProjectRead).Produces<MemberResponse[]>();
        members.MapPost("/", AddAsync).RequirePermission(Permission.ProjectOwn, stepUp: true).Produces<MemberResponse>(StatusCodes.Status201Created);
        members.MapPut("/{username}", ChangeRoleAsync).RequirePermission(Permission.ProjectOwn, stepUp: true).Produces<MemberResponse>();
        members.MapDelete("/{username}", RemoveAsync).RequirePermission(Permission.ProjectOwn, stepUp: true);
        return projects;
    }

    private static async Task<IResult> ListAsync(string name, ProjectMembership members, CancellationToken cancellationToken) =>
        (await members.ListAsync(name, cancellationToken)).ToResult(TypedResults.Ok);

    private static async Task<IResult> AddAsync(string name, AddMemberRequest request, HttpContext http, ProjectMembership members, CancellationToken cancellationToken) =>
        (await members.AddAsync(http, name, request, cancellationToken)).ToResult(m => TypedResults.Created($"/api/v1/projects/{name}/members/{m.Username}", m));

    private static async Task<IResult> ChangeRoleAsync(string name, string username, ChangeMemberRoleRequest request, HttpContext http, ProjectMembership members, CancellationToken cancellationToken) =>
        (await members.ChangeRoleAsync(http, name, username, request.Role, cancellationToken)).ToResult(TypedResults.Ok);

    private static async Task<IResult> RemoveAsync(string name, string username, HttpContext http, ProjectMembership members, CancellationToken cancellationToken) =>
        (await members.RemoveAsync(http, name, username, cancellationToken))?.ToProblem() ?? TypedResults.NoContent();
}
