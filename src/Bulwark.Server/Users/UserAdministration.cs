using System.Security.Cryptography;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Identity;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Users;

/// <summary>
/// Organisation accounts for administrators: list, create, promote or demote, disable. There is always at least
/// one active administrator. Demoting or disabling someone renews their security stamp, which ends their sessions.
/// </summary>
internal sealed class UserAdministration(BulwarkDbContext db, AuditLog audit, TokenCache tokens, IServiceProvider services, TimeProvider time)
{
    public const int MaxPageSize = 500;
    public const int MaxUsernameLength = 64;

    /// <summary>Longer passwords are refused before hashing: no one types more, and hashing cost stays bounded.</summary>
    public const int MaxPasswordLength = 256;

    public async Task<UserResponse[]> ListAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.UserName).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(u => Describe(u, now)).ToArray();
    }

    public async Task<Outcome<UserResponse>> CreateAsync(HttpContext http, CreateUserRequest request, CancellationToken cancellationToken)
    {
        if (request.Username is not { Length: > 0 and <= MaxUsernameLength })
        {
            return Failure.BadRequest($"username must be 1-{MaxUsernameLength} characters", "username");
        }
        if (request.Password is not { Length: > 0 and <= MaxPasswordLength })
        {
            return Failure.BadRequest($"password must be 1-{MaxPasswordLength} characters", "password");
        }
        if (await FindAsync(request.Username, cancellationToken) is not null)
        {
            return Failure.Conflict("a user with that username already exists");
        }
        var created = await UserAccounts.CreateAsync(services, request.Username, request.Password, request.Admin, null,
            http.User.Identity?.Name, http.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (created.User is null)
        {
            return Failure.BadRequest(string.Join(" ", created.Errors));
        }
        return Describe(created.User, time.GetUtcNow());
    }

    public async Task<Outcome<UserResponse>> ChangeRoleAsync(HttpContext http, string username, bool admin, CancellationToken cancellationToken)
    {
        var user = await FindAsync(username, cancellationToken);
        if (user is null)
        {
            return NoUser();
        }
        if (user.IsAdmin != admin)
        {
            if (!admin && !user.Disabled && await IsLastAdminAsync(cancellationToken))
            {
                return LastAdmin();
            }
            user.IsAdmin = admin;
            RenewStamp(user);
            tokens.ForgetUser(user.Id);
            await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.UserRoleChanged, "user:" + user.UserName, details: new Dictionary<string, string?>
            {
                ["oldRole"] = admin ? "member" : "admin",
                ["newRole"] = admin ? "admin" : "member",
            }), cancellationToken);
        }
        return Describe(user, time.GetUtcNow());
    }

    /// <summary>Disables an account: its sessions end, its tokens stop at once, its history stays.</summary>
    public async Task<Outcome<UserResponse>> DisableAsync(HttpContext http, string username, CancellationToken cancellationToken)
    {
        var user = await FindAsync(username, cancellationToken);
        if (user is null)
        {
            return NoUser();
        }
        if (!user.Disabled)
        {
            if (user.IsAdmin && await IsLastAdminAsync(cancellationToken))
            {
                return LastAdmin();
            }
            user.Disabled = true;
            RenewStamp(user);
            tokens.ForgetUser(user.Id);
            await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.UserDisabled, "user:" + user.UserName), cancellationToken);
        }
        return Describe(user, time.GetUtcNow());
    }

    private Task<BulwarkUser?> FindAsync(string username, CancellationToken cancellationToken) =>
        username.Length <= MaxUsernameLength
            ? db.Users.FirstOrDefaultAsync(u => u.UserName == username, cancellationToken)
            : Task.FromResult<BulwarkUser?>(null);

    private async Task<bool> IsLastAdminAsync(CancellationToken cancellationToken) =>
        await db.Users.CountAsync(u => u.IsAdmin && !u.Disabled, cancellationToken) <= 1;

    // Identity compares the stamp in every session cookie against this value; a new one ends those sessions.
    private static void RenewStamp(BulwarkUser user) => user.SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));

    private static UserResponse Describe(BulwarkUser u, DateTimeOffset now) =>
        new(u.UserName!, u.IsAdmin, u.Disabled, u.TwoFactorEnabled, u.LockoutEnd > now, u.CreatedAt, u.LastSignInAt);

    private static Failure NoUser() => Failure.NotFound("no user with that username");

    private static Failure LastAdmin() => Failure.Conflict("the organisation needs at least one active administrator: promote someone else first");
}
