using Microsoft.AspNetCore.Authorization;

namespace Bulwark.Server.Access;

/// <summary>The authorization requirement behind each permission policy; also endpoint metadata the permission tests enumerate.</summary>
internal sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement;
