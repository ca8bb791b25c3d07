using System.Security.Claims;
using Bulwark.Server.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Identity;

/// <summary>Adds the organisation role and the authentication method to interactive sessions.</summary>
internal sealed class BulwarkClaimsFactory(UserManager<BulwarkUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<BulwarkUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(BulwarkUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(BulwarkClaims.Method, "cookie"));
        if (user.IsAdmin)
        {
            identity.AddClaim(new Claim(BulwarkClaims.Admin, "true"));
        }
        return identity;
    }
}
