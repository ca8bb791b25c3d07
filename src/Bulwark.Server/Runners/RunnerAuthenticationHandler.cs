using System.Security.Claims;
using System.Text.Encodings.Web;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Runs;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Runners;

/// <summary>
/// Authenticates the three runner secrets, one per scheme (<see cref="RunnerSchemes"/>): the scheme's name says which
/// kind it accepts. A job token is checked against the job in the URL only: it must be that job's current token (the
/// hash is replaced at every lease and cleared when the job ends or its lease is taken back), the job must be running
/// and the token unexpired. A known runner presenting a wrong secret, or a disabled one, is audited (throttled).
/// </summary>
internal sealed class RunnerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    BulwarkDbContext db,
    AuditLog audit,
    AuditThrottle throttle,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string JobIdRouteValue = "jobId";

    /// <summary>A runner's last-seen time is written at most this often, so polling does not become a stream of writes.</summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromSeconds(30);

    private const string Refused = "invalid, expired or revoked runner credential";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var bearer = header["Bearer ".Length..].Trim();
        var now = time.GetUtcNow().UtcDateTime;
        var principal = Scheme.Name switch
        {
            RunnerSchemes.Registration => await RegistrationAsync(bearer, now),
            RunnerSchemes.Runner => await RunnerAsync(bearer, now),
            _ => await JobAsync(bearer, now),
        };
        return principal is null ? AuthenticateResult.Fail(Refused) : AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    private async Task<ClaimsPrincipal?> RegistrationAsync(string bearer, DateTime now)
    {
        if (!RunnerSecrets.TryParse(bearer, RunnerSecrets.RegistrationPrefix, out var id, out var secret))
        {
            return null;
        }
        var token = await db.RunnerRegistrationTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, Context.RequestAborted);
        if (token is null || !RunnerSecrets.Matches(token.SecretHash, secret) || token.UsedAt is not null || token.ExpiresAt <= now)
        {
            return null;
        }
        return Principal("registration:" + id, new Claim(RunnerSchemes.RegistrationClaim, id));
    }

    private async Task<ClaimsPrincipal?> RunnerAsync(string bearer, DateTime now)
    {
        if (!RunnerSecrets.TryParse(bearer, RunnerSecrets.CredentialPrefix, out var id, out var secret))
        {
            return null;
        }
        var runner = await db.Runners.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, Context.RequestAborted);
        if (runner is null)
        {
            return null;
        }
        var reason = !RunnerSecrets.Matches(runner.CredentialHash, secret) ? "wrong-secret" : runner.DisabledAt is not null ? "disabled" : null;
        if (reason is not null)
        {
            await AuditRejectedAsync(runner, reason);
            return null;
        }
        if (runner.LastSeenAt is null || now - runner.LastSeenAt > LastSeenResolution)
        {
            var from = Context.Connection.RemoteIpAddress?.ToString();
            await db.Runners.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.LastSeenAt, now)
                .SetProperty(r => r.LastSeenFrom, from), Context.RequestAborted);
        }
        return Principal("runner:" + runner.Name, new Claim(RunnerSchemes.RunnerIdClaim, runner.Id));
    }

    private async Task<ClaimsPrincipal?> JobAsync(string bearer, DateTime now)
    {
        if (!RunnerSecrets.TryParseJobToken(bearer, out var secret)
            || !Guid.TryParse(Context.GetRouteValue(JobIdRouteValue) as string, out var jobId))
        {
            return null;
        }
        var job = await db.RunJobs.AsNoTracking().Where(j => j.Id == jobId)
            .Select(j => new { j.Status, j.LeasedBy, j.JobTokenHash, j.JobTokenExpiresAt }).FirstOrDefaultAsync(Context.RequestAborted);
        if (job is null || !RunnerSecrets.Matches(job.JobTokenHash, secret) || job.Status != JobStatus.Running
            || job.JobTokenExpiresAt is not { } expires || expires <= now
            || job.LeasedBy is not { } holder || !holder.StartsWith(RegisteredRunner.LeaseHolderPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var runnerId = holder[RegisteredRunner.LeaseHolderPrefix.Length..];
        return Principal("runner:" + runnerId, new Claim(RunnerSchemes.RunnerIdClaim, runnerId), new Claim(RunnerSchemes.JobIdClaim, jobId.ToString("D")));
    }

    private ClaimsPrincipal Principal(string name, params Claim[] claims)
    {
        var all = new List<Claim>(claims) { new(ClaimTypes.Name, name), new(BulwarkClaims.Method, Scheme.Name) };
        return new ClaimsPrincipal(new ClaimsIdentity(all, Scheme.Name));
    }

    private async Task AuditRejectedAsync(RegisteredRunner runner, string reason)
    {
        if (!throttle.ShouldRecord("runner:" + runner.Id))
        {
            return;
        }
        await audit.AppendAsync(db, new AuditEvent(AuditActions.RunnerRejected, Succeeded: false)
        {
            ActorName = "runner:" + runner.Name,
            SourceIp = Context.Connection.RemoteIpAddress?.ToString(),
            Target = "runner:" + runner.Id,
            Details = new Dictionary<string, string?> { ["reason"] = reason },
        }, Context.RequestAborted);
    }
}
