using System.Security.Claims;
using Bulwark.Server.Audit;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Operations;

/// <summary>
/// Turns authorization failures on the API into problem details that say why (missing role, missing token
/// scope, MFA enrolment or step-up needed), and on /metrics, which scrapers call; the UI keeps the cookie scheme's redirects.
/// A signed-in caller refused by a permission is audited (access.denied), at most once a minute per user and route.
/// </summary>
internal sealed class AuthorizationProblems : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            await AuditDenialAsync(context, authorizeResult);
        }
        if (!context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/metrics"))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        if (authorizeResult.Challenged)
        {
            var hint = policy.AuthenticationSchemes is [var scheme] && scheme.StartsWith(Runners.RunnerSchemes.Runner, StringComparison.Ordinal)
                ? Runners.RunnerSchemes.Hint(scheme)
                : "Send a valid, unexpired token as 'Authorization: Bearer bwk_…'.";
            await Problems.Write(context, StatusCodes.Status401Unauthorized, "authentication required", hint);
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

    private static async Task AuditDenialAsync(HttpContext context, PolicyAuthorizationResult result)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        var user = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user is null || !context.RequestServices.GetRequiredService<AuditThrottle>().ShouldRecord($"denied:{user}:{context.Request.Method}:{route}"))
        {
            return;
        }
        var reason = result.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message ?? "policy requirements not met";
        var db = context.RequestServices.GetRequiredService<BulwarkDbContext>();
        await context.RequestServices.GetRequiredService<AuditLog>().AppendAsync(db, AuditActor.Event(context, AuditActions.AccessDenied,
            $"{context.Request.Method} {route}", succeeded: false, details: new Dictionary<string, string?> { ["reason"] = reason }), context.RequestAborted);
    }
}
