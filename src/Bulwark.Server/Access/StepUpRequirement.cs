using Microsoft.AspNetCore.Authorization;

namespace Bulwark.Server.Access;

/// <summary>
/// Marks a sensitive action (role changes, token creation, secret writes, production approvals): an
/// interactive session must have re-entered an MFA code within <see cref="Window"/>. Tokens carry their own
/// authority and are not asked.
/// </summary>
internal sealed record StepUpRequirement : IAuthorizationRequirement
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
}
