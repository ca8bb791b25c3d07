using Bulwark.Server.Configuration;
using Bulwark.Server.Identity;
using Microsoft.AspNetCore.Identity;

namespace Bulwark.Server.Access;

/// <summary>
/// The organisation policy that privileged users — administrators, and maintainers or owners of any project —
/// cannot act until they have enrolled MFA. Only tokens made offline by <c>bulwark admin create-token</c> are exempt.
/// </summary>
internal sealed class MfaPolicy(ProjectAccess projects, UserManager<BulwarkUser> users, ServerOptions options)
{
    public const string Refusal = "MFA enrolment is required for administrators, maintainers and owners: enrol at /account/mfa first";

    /// <summary>True when the policy stops this user: privileged and not enrolled.</summary>
    public async Task<bool> BlocksAsync(string userId, bool isAdmin, CancellationToken cancellationToken) =>
        options.RequireMfaForPrivilegedRoles
        && (isAdmin || await projects.IsPrivilegedAnywhereAsync(userId, cancellationToken))
        && await users.FindByIdAsync(userId) is { TwoFactorEnabled: false };
}
