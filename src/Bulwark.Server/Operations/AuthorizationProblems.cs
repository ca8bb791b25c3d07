using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Operations;

/// <summary>
/// Turns authorization failures on the API into problem details that say why (missing role, missing token
/// scope, MFA enrolment or step-up needed), and on /metrics, which scrapers call; the UI keeps the cookie scheme's redirects.
/// </summary>
internal sealed class AuthorizationProblems : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/metrics"))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        if (authorizeResult.Challenged)
        {
            await Problems.Write(context, StatusCodes.Status401Unauthorized, "authentication required", "Send a valid, unexpired token as 'Authorization: Bearer bwk_…'.");
            return;
        }
        if (authorizeResult.Forbidden)
        {
            var reason = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message ?? "your role or the token's scopes do not allow this";
            await Problems.Write(context, StatusCodes.Status403Forbidden, "forbidden", reason);
            return;
        }
        await next(context);
    }
}
