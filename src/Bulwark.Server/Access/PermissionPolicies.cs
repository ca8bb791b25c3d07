using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace Bulwark.Server.Access;

/// <summary>One named policy per permission, and the extension every endpoint uses to declare its permission.</summary>
internal static class PermissionPolicies
{
    public static string Name(Permission permission, bool stepUp = false) => stepUp ? $"perm:{permission}:step-up" : $"perm:{permission}";

    /// <summary>User permissions authenticate with <paramref name="schemes"/>; runner permissions with their own scheme only.</summary>
    public static void Register(AuthorizationOptions options, params string[] schemes)
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            string[] accepted = PermissionRules.AgentScheme(permission) is { } agent ? [agent] : schemes;
            foreach (var stepUp in new[] { false, true })
            {
                var builder = new AuthorizationPolicyBuilder(accepted).RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission));
                if (stepUp)
                {
                    builder.AddRequirements(new StepUpRequirement());
                }
                options.AddPolicy(Name(permission, stepUp), builder.Build());
            }
        }
    }

    /// <summary>Declares the one permission an endpoint needs (and whether an interactive session must have stepped up).</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission, bool stepUp = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Name(permission, stepUp)).WithMetadata(new PermissionRequirement(permission));
}
