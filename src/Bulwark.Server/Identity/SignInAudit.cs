using Bulwark.Server.Audit;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Identity;

/// <summary>
/// Audit entries for sign-in events. The request is still anonymous while signing in, so the actor is the
/// account being signed into (or the submitted name when there is no such account).
/// </summary>
internal sealed class SignInAudit(BulwarkDbContext db, AuditLog log, Access.TokenCache tokens)
{
    public Task FailedAsync(HttpContext http, BulwarkUser? user, string? submittedName, string reason, CancellationToken cancellationToken, string stage = "password") =>
        AppendAsync(http, user, submittedName, AuditActions.SignInFailed, false, new() { ["reason"] = reason, ["stage"] = stage }, cancellationToken);

    /// <summary>Also stops the account's cached tokens: a locked-out owner's tokens must not keep working.</summary>
    public Task LockedOutAsync(HttpContext http, BulwarkUser user, CancellationToken cancellationToken)
    {
        tokens.ForgetUser(user.Id);
        return AppendAsync(http, user, null, AuditActions.LockedOut, false, [], cancellationToken);
    }

    public Task SucceededAsync(HttpContext http, BulwarkUser user, string method, CancellationToken cancellationToken) =>
        AppendAsync(http, user, null, AuditActions.SignInSucceeded, true, new() { ["method"] = method }, cancellationToken);

    public Task RecoveryCodeUsedAsync(HttpContext http, BulwarkUser user, int remaining, CancellationToken cancellationToken) =>
        AppendAsync(http, user, null, AuditActions.RecoveryCodeUsed, true, new() { ["remaining"] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);

    /// <summary>Step-up happens inside a session, so the actor comes from the request as usual.</summary>
    public async Task StepUpAsync(HttpContext http, bool succeeded, CancellationToken cancellationToken) =>
        await log.AppendAsync(db, AuditActor.Event(http, succeeded ? AuditActions.StepUpSucceeded : AuditActions.StepUpFailed, "user:" + http.User.Identity?.Name, succeeded), cancellationToken);

    private async Task AppendAsync(HttpContext http, BulwarkUser? user, string? submittedName, string action, bool succeeded, Dictionary<string, string?> details, CancellationToken cancellationToken)
    {
        var name = user?.UserName ?? submittedName;
        await log.AppendAsync(db, new AuditEvent(action, succeeded)
        {
            ActorId = user?.Id,
            ActorName = name,
            SourceIp = InteractiveSignIn.SourceIp(http),
            Target = "user:" + name,
            Details = details,
        }, cancellationToken);
    }
}
