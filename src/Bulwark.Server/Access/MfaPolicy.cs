using Bulwark.Server.Identity;
using Bulwark.Server.Settings;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Identity;

namespace Bulwark.Server.Access;

/// <summary>
/// The organisation policy that privileged users — administrators, and maintainers or owners of any project —
/// cannot act until they have enrolled MFA. Only tokens made offline by <c>bulwark admin create-token</c> are exempt.
/// </summary>
internal sealed class MfaPolicy(ProjectAccess projects, UserManager<BulwarkUser> users, OrganizationSettings settings, BulwarkDbContext db)
{
    public const string Refusal = "MFA enrolment is required for administrators, maintainers and owners: enrol at /account/mfa first";

    /// <summary>True when the policy stops this user: privileged and not enrolled.</summary>
    public async Task<bool> BlocksAsync(string userId, bool isAdmin, CancellationToken cancellationToken) =>
        await settings.RequireMfaAsync(db, cancellationToken)
        && (isAdmin || await projects.IsPrivilegedAnywhereAsync(userId, cancellationToken))
        && await users.FindByIdAsync(userId) is { TwoFactorEnabled: false };

    /// <summary>Whether the policy applies to this user at all (they may not turn MFA off).</summary>
    public async Task<bool> RequiresMfaAsync(BulwarkUser user, CancellationToken cancellationToken) =>
        await settings.RequireMfaAsync(db, cancellationToken) && (user.IsAdmin || await projects.IsPrivilegedAnywhereAsync(user.Id, cancellationToken));

    /// <summary>True when the user may not act until they enrol (the UI sends them to /account/mfa).</summary>
    public async Task<bool> MustEnrolAsync(BulwarkUser user, CancellationToken cancellationToken) =>
        !user.TwoFactorEnabled && await RequiresMfaAsync(user, cancellationToken);
}
