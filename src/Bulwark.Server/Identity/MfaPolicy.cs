using Bulwark.Server.Access;
using Bulwark.Server.Configuration;

namespace Bulwark.Server.Identity;

/// <summary>The organisation policy: administrators, maintainers and owners must have MFA before they can act.</summary>
internal sealed class MfaPolicy(ServerOptions options, ProjectAccess projects)
{
    public async Task<bool> RequiresMfaAsync(BulwarkUser user, CancellationToken cancellationToken) =>
        options.RequireMfaForPrivilegedRoles && (user.IsAdmin || await projects.IsPrivilegedAnywhereAsync(user.Id, cancellationToken));

    /// <summary>True when the user may not act until they enrol (the PermissionHandler refuses everything but SignedIn).</summary>
    public async Task<bool> MustEnrolAsync(BulwarkUser user, CancellationToken cancellationToken) =>
        !user.TwoFactorEnabled && await RequiresMfaAsync(user, cancellationToken);
}
