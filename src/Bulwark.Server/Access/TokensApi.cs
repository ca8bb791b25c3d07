using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Access;

/// <summary><c>/api/v1/tokens</c>: the caller's own personal access tokens.</summary>
internal static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens");
        tokens.MapGet("/", ListAsync).RequirePermission(Permission.SignedIn).Produces<TokenResponse[]>();
        tokens.MapPost("/", CreateAsync).RequirePermission(Permission.SignedIn, stepUp: true).Produces<TokenResponse>(StatusCodes.Status201Created);
        tokens.MapDelete("/{id}", RevokeAsync).RequirePermission(Permission.SignedIn);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, PersonalTokens tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tokens.ListAsync(http.User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken));

    private static async Task<IResult> CreateAsync(CreateTokenRequest request, HttpContext http, PersonalTokens tokens, CancellationToken cancellationToken) =>
        (await tokens.CreateAsync(http, request, cancellationToken)).ToResult(t => TypedResults.Created($"/api/v1/tokens/{t.Id}", t));

    private static async Task<IResult> RevokeAsync(string id, HttpContext http, PersonalTokens tokens, CancellationToken cancellationToken) =>
        (await tokens.RevokeAsync(http, id, cancellationToken))?.ToProblem() ?? TypedResults.NoContent();
}
