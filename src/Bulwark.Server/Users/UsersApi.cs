using Bulwark.Server.Access;
using Bulwark.Server.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Users;

/// <summary><c>/api/v1/users</c>: organisation accounts, for administrators; every change needs step-up.</summary>
internal static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", ListAsync).RequirePermission(Permission.OrganizationAdmin).Produces<UserResponse[]>();
        users.MapPost("/", CreateAsync).RequirePermission(Permission.OrganizationAdmin, stepUp: true).Produces<UserResponse>(StatusCodes.Status201Created);
        users.MapPut("/{username}/role", ChangeRoleAsync).RequirePermission(Permission.OrganizationAdmin, stepUp: true).Produces<UserResponse>();
        users.MapPost("/{username}/disable", DisableAsync).RequirePermission(Permission.OrganizationAdmin, stepUp: true).Produces<UserResponse>();
        return api;
    }

    private static async Task<IResult> ListAsync(UserAdministration users, CancellationToken cancellationToken, int offset = 0, int limit = 100)
    {
        if (offset < 0 || limit is < 1 or > UserAdministration.MaxPageSize)
        {
            return Problems.BadRequest($"offset must be 0 or more and limit 1-{UserAdministration.MaxPageSize}", offset < 0 ? "offset" : "limit");
        }
        return TypedResults.Ok(await users.ListAsync(offset, limit, cancellationToken));
    }

    private static async Task<IResult> CreateAsync(CreateUserRequest request, HttpContext http, UserAdministration users, CancellationToken cancellationToken) =>
        (await users.CreateAsync(http, request, cancellationToken)).ToResult(u => TypedResults.Created($"/api/v1/users/{u.Username}", u));

    private static async Task<IResult> ChangeRoleAsync(string username, ChangeUserRoleRequest request, HttpContext http, UserAdministration users, CancellationToken cancellationToken) =>
        (await users.ChangeRoleAsync(http, username, request.Admin, cancellationToken)).ToResult(TypedResults.Ok);

    private static async Task<IResult> DisableAsync(string username, HttpContext http, UserAdministration users, CancellationToken cancellationToken) =>
        (await users.DisableAsync(http, username, cancellationToken)).ToResult(TypedResults.Ok);
}
