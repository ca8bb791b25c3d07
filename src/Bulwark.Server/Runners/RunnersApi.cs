using System.Security.Claims;
using Bulwark.Runner.Remote;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bulwark.Server.Runners;

/// <summary>
/// <c>/api/v1/runners</c>: administrators make registration tokens, list and disable runners (changes need step-up);
/// <c>/register</c> takes a registration token instead of a user (see docs/permissions.md, "Runners").
/// </summary>
internal static class RunnersApi
{
    public static RouteGroupBuilder MapRunnersApi(this RouteGroupBuilder api)
    {
        var runners = api.MapGroup("/runners").WithTags("Runners");
        runners.MapGet("/", ListAsync).RequirePermission(Permission.OrganizationAdmin).Produces<RunnerResponse[]>();
        runners.MapPost("/registration-tokens", CreateTokenAsync).RequirePermission(Permission.OrganizationAdmin, stepUp: true)
            .Produces<RegistrationTokenResponse>(StatusCodes.Status201Created);
        runners.MapPost("/{runnerId}/disable", DisableAsync).RequirePermission(Permission.OrganizationAdmin, stepUp: true).Produces<RunnerResponse>();
        runners.MapPost("/register", RegisterAsync).RequirePermission(Permission.RunnerRegistration).Produces<RunnerRegistered>(StatusCodes.Status201Created);
        return api;
    }

    private static async Task<IResult> ListAsync(RunnerRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.ListAsync(cancellationToken));

    private static async Task<IResult> CreateTokenAsync(CreateRegistrationTokenRequest request, HttpContext http, RunnerRegistry registry, CancellationToken cancellationToken) =>
        (await registry.CreateRegistrationTokenAsync(AuditActor.Event(http, AuditActions.RunnerRegistrationTokenCreated, null), request.ExpiresInMinutes, cancellationToken))
            .ToResult(t => TypedResults.Created($"/api/v1/runners/registration-tokens/{t.Id}", t));

    /// <summary>Disables the runner, then takes back the jobs it held (queued again or failed, as for a lost runner): their job tokens stop working.</summary>
    private static async Task<IResult> DisableAsync(string runnerId, HttpContext http, RunnerRegistry registry, JobQueue queue, CancellationToken cancellationToken)
    {
        var disabled = await registry.DisableAsync(AuditActor.Event(http, AuditActions.RunnerDisabled, null), runnerId, cancellationToken);
        if (disabled.Value is { } runner)
        {
            await queue.ReleaseRunnerAsync(RegisteredRunner.LeaseHolderPrefix + runner.Id, CancellationToken.None);
        }
        return disabled.ToResult(TypedResults.Ok);
    }

    private static async Task<IResult> RegisterAsync(RunnerRegistration request, HttpContext http, RunnerRegistry registry, CancellationToken cancellationToken) =>
        (await registry.RegisterAsync(http.User.FindFirstValue(RunnerSchemes.RegistrationClaim)!, request, http.Connection.RemoteIpAddress?.ToString(), cancellationToken))
            .ToResult(r => TypedResults.Created($"/api/v1/runners/{r.Id}", r));
}
