using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Access;

/// <summary>
/// Decides every permission: token scope, the MFA-enrolment policy for privileged users, step-up for sensitive
/// actions, then organisation or project role. Project endpoints carry the project in the route value
/// <c>name</c>, or find it through <see cref="ProjectLookup"/> metadata (a run's project). Administrators hold every project permission; a missing project and a project the user is not a
/// member of both answer 403, so the answer does not reveal which projects exist. The MFA-enrolment policy
/// binds sessions and tokens made online alike: a token must not outlast a promotion its owner has not enrolled for.
/// The policy and role lookups are resolved only when a check needs them: most calls (an administrator, an offline
/// token, a signed-in-only endpoint) need no database at all. They come from the scope this handler was made in,
/// never from <c>HttpContext.RequestServices</c>: on pages the two differ, and a check sharing the request's context
/// with a page's components ran its query concurrently with theirs (measured on PostgreSQL).
/// </summary>
internal sealed class PermissionHandler(IServiceProvider services, TimeProvider time) : IAuthorizationHandler
{
    public const string ProjectRouteValue = "name";

    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true || context.Resource is not HttpContext http)
        {
            return;
        }
        foreach (var requirement in context.PendingRequirements.ToArray())
        {
            var failure = requirement switch
            {
                PermissionRequirement p => await CheckPermissionAsync(context.User, http, p.Permission),
                StepUpRequirement => CheckStepUp(context.User),
                _ => null,
            };
            if (failure is null)
            {
                context.Succeed(requirement);
            }
            else if (requirement is PermissionRequirement or StepUpRequirement)
            {
                context.Fail(new AuthorizationFailureReason(this, failure));
                return;
            }
        }
    }

    private async Task<string?> CheckPermissionAsync(ClaimsPrincipal user, HttpContext http, Permission permission)
    {
        // Runner principals and user principals never cross: each kind of endpoint takes only its own kind of caller.
        var method = user.FindFirstValue(BulwarkClaims.Method);
        if (PermissionRules.AgentScheme(permission) is { } agent)
        {
            return method == agent ? CheckJobScope(user, http, permission) : "this endpoint is for remote runners, not users";
        }
        if (method is Runners.RunnerSchemes.Registration or Runners.RunnerSchemes.Runner or Runners.RunnerSchemes.Job)
        {
            return "runner credentials cannot act as a user";
        }
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var isAdmin = user.HasClaim(BulwarkClaims.Admin, "true");
        var isToken = user.HasClaim(BulwarkClaims.Method, "token");
        var isRead = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        var cancellationToken = http.RequestAborted;
        // The API has no anti-forgery tokens, so a browser session may only read it; the UI changes things through
        // its forms, which carry one.
        if (!isToken && !isRead && http.Request.Path.StartsWithSegments("/api"))
        {
            return "API changes need a bearer token; a browser session can only read the API (use the web UI's forms)";
        }
        if (isToken)
        {
            var scopes = user.FindAll(BulwarkClaims.Scope).Select(c => c.Value).ToArray();
            var needed = PermissionRules.Scope(permission, isRead);
            if (!TokenScopes.Allows(scopes, needed, isRead))
            {
                return $"this token's scopes ({string.Join(' ', scopes)}) do not include '{needed}'";
            }
        }
        var offline = isToken && user.HasClaim(BulwarkClaims.Offline, "true");
        if (!offline && permission != Permission.SignedIn && await services.GetRequiredService<MfaPolicy>().BlocksAsync(userId, isAdmin, cancellationToken))
        {
            return MfaPolicy.Refusal;
        }
        if (isAdmin || permission == Permission.SignedIn)
        {
            return null;
        }
        if (PermissionRules.MinimumProjectRole(permission) is not { } minimum)
        {
            return "this needs the organisation administrator role";
        }
        var project = http.GetRouteValue(ProjectRouteValue) as string
            ?? (http.GetEndpoint()?.Metadata.GetMetadata<ProjectLookup>() is { } lookup ? await lookup.FindProjectAsync(http, cancellationToken) : null);
        var role = project is null ? null : await services.GetRequiredService<ProjectAccess>().RoleAsync(project, userId, cancellationToken);
        return role >= minimum ? null : $"this needs the {minimum.ToString().ToLowerInvariant()} role in the project";
    }

    /// <summary>A job token acts on the job in the URL only (the authentication handler looked the token up by that job; this states the rule).</summary>
    private static string? CheckJobScope(ClaimsPrincipal user, HttpContext http, Permission permission) =>
        permission != Permission.RunnerJob || string.Equals(user.FindFirstValue(Runners.RunnerSchemes.JobIdClaim), http.GetRouteValue(Runners.RunnerAuthenticationHandler.JobIdRouteValue) as string, StringComparison.OrdinalIgnoreCase)
            ? null
            : "a job token acts on its own job only";

    private string? CheckStepUp(ClaimsPrincipal user)
    {
        if (user.HasClaim(BulwarkClaims.Method, "token"))
        {
            return null;
        }
        var at = user.FindFirstValue(BulwarkClaims.StepUpAt);
        var fresh = at is not null && long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) <= StepUpRequirement.Window;
        return fresh ? null : "re-enter your MFA code to confirm this action (step-up required)";
    }
}
