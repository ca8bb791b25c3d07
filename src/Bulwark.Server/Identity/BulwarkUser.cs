using Microsoft.AspNetCore.Identity;

namespace Bulwark.Server.Identity;

/// <summary>
/// A person who signs in. Organisation role is <see cref="IsAdmin"/> (admin) or not (member); project roles
/// live in <see cref="Projects.ProjectMember"/>. Passwords, lockout, TOTP keys and recovery codes are ASP.NET
/// Core Identity's columns.
/// </summary>
internal sealed class BulwarkUser : IdentityUser
{
    public bool IsAdmin { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }

    /// <summary>Disabled accounts keep their history (audit entries name them) but cannot sign in or use tokens.</summary>
    public bool Disabled { get; set; }

    /// <summary>The RFC 6238 time step of the last TOTP code accepted; codes of this step or earlier are replays.</summary>
    public long? LastTotpTimeStep { get; set; }
}
