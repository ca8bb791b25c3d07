using Bulwark.Server.Audit;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Identity;

/// <summary>
/// <c>/setup</c>: while the server has no users, the printed setup token lets one person create the first
/// administrator. Everything that can be checked is checked before the token is spent, so a weak password does
/// not burn it; the token then dies on use.
/// </summary>
internal sealed class FirstAdministrator(SetupToken token, UserManager<BulwarkUser> users, BulwarkDbContext db, AuditLog audit, InteractiveSignIn signIn, IServiceProvider services)
{
    public const int MaxUsernameLength = 64;

    public async Task<bool> IsOpenAsync(CancellationToken cancellationToken) =>
        token.IsActive && !await db.Users.AnyAsync(cancellationToken);

    /// <summary>Creates and signs in the administrator; returns the problems to show (empty on success).</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(HttpContext http, string? setupToken, string? username, string? password, string? confirm, CancellationToken cancellationToken)
    {
        username = username?.Trim() ?? "";
        if (username.Length is 0 or > MaxUsernameLength || string.IsNullOrEmpty(password) || password.Length > InteractiveSignIn.MaxPasswordLength)
        {
            return [$"Enter a username (1-{MaxUsernameLength} characters) and a password."];
        }
        if (!string.Equals(password, confirm, StringComparison.Ordinal))
        {
            return ["The two passwords differ."];
        }
        var candidate = new BulwarkUser { UserName = username };
        var problems = new List<string>();
        foreach (var validator in users.UserValidators)
        {
            problems.AddRange((await validator.ValidateAsync(users, candidate)).Errors.Select(e => e.Description));
        }
        foreach (var validator in users.PasswordValidators)
        {
            problems.AddRange((await validator.ValidateAsync(users, candidate, password)).Errors.Select(e => e.Description));
        }
        if (problems.Count > 0)
        {
            return problems;
        }
        if (!await IsOpenAsync(cancellationToken) || !token.TryConsume(setupToken?.Trim()))
        {
            await audit.AppendAsync(db, new AuditEvent(AuditActions.SetupCompleted, Succeeded: false)
            {
                SourceIp = InteractiveSignIn.SourceIp(http),
                Details = new Dictionary<string, string?> { ["reason"] = "invalid-setup-token" },
            }, cancellationToken);
            return ["The setup token is wrong or has been used."];
        }
        var created = await UserAccounts.CreateAsync(services, username, password, isAdmin: true, null, "setup", InteractiveSignIn.SourceIp(http), cancellationToken);
        if (created.User is not { } admin)
        {
            return [.. created.Errors, "The setup token is now spent: restart the server for a new one."];
        }
        await audit.AppendAsync(db, new AuditEvent(AuditActions.SetupCompleted)
        {
            ActorId = admin.Id,
            ActorName = admin.UserName,
            SourceIp = InteractiveSignIn.SourceIp(http),
            Target = "user:" + admin.UserName,
        }, cancellationToken);
        await signIn.CompleteAsync(http, admin, "setup", cancellationToken);
        return [];
    }
}
