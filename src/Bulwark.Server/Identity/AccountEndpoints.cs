using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Identity;

/// <summary>
/// The two form posts that have no page of their own: <c>POST /signout</c> (the button in the header) and
/// <c>POST /account/signout-everywhere</c>. Both need the anti-forgery token the forms carry.
/// </summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/signout", SignOutAsync).RequirePermission(Permission.SignedIn)
            .WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        routes.MapPost("/account/signout-everywhere", SignOutEverywhereAsync).RequirePermission(Permission.SignedIn)
            .WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, SignInManager<BulwarkUser> signIn, BulwarkDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!AntiforgeryValid(http))
        {
            return Results.BadRequest();
        }
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.SignedOut, "user:" + http.User.Identity?.Name), cancellationToken);
        await signIn.SignOutAsync();
        return Results.Redirect("/signin");
    }

    /// <summary>A new security stamp: every other session fails its next stamp check (within IdentityServices.StampCheckInterval).</summary>
    private static async Task<IResult> SignOutEverywhereAsync(HttpContext http, UserManager<BulwarkUser> users, SignInManager<BulwarkUser> signIn, BulwarkDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!AntiforgeryValid(http) || await users.GetUserAsync(http.User) is not { } user)
        {
            return Results.BadRequest();
        }
        await users.UpdateSecurityStampAsync(user);
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.SignedOutEverywhere, "user:" + user.UserName), cancellationToken);
        await signIn.SignOutAsync();
        return Results.Redirect("/signin");
    }

    /// <summary>The anti-forgery middleware records its verdict for endpoints that carry the metadata; a missing or wrong token is invalid.</summary>
    private static bool AntiforgeryValid(HttpContext http) => http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true };
}
