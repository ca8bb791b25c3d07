namespace Bulwark.Server.Access;

/// <summary>The permission matrix as code: which project role a permission needs, and which token scope.</summary>
internal static class PermissionRules
{
    /// <summary>The least project role that grants <paramref name="permission"/>; null when no project role does (organisation-level).</summary>
    public static ProjectRole? MinimumProjectRole(Permission permission) => permission switch
    {
        Permission.ProjectRead or Permission.SecretsRead => ProjectRole.Viewer,
        Permission.RunTrigger => ProjectRole.Developer,
        Permission.ProjectSettingsWrite or Permission.SecretsWrite => ProjectRole.Maintainer,
        Permission.ProjectOwn => ProjectRole.Owner,
        _ => null,
    };

    /// <summary>Administrators hold every permission; members hold organisation-level ones only when listed here.</summary>
    public static bool MemberHolds(Permission permission) => permission == Permission.SignedIn;

    /// <summary>
    /// The authentication scheme of a runner permission (the only one its policy accepts), or null for the user
    /// permissions, which accept personal access tokens and browser sessions.
    /// </summary>
    public static string? AgentScheme(Permission permission) => permission switch
    {
        Permission.RunnerRegistration => Runners.RunnerSchemes.Registration,
        Permission.RunnerAgent => Runners.RunnerSchemes.Runner,
        Permission.RunnerJob => Runners.RunnerSchemes.Job,
        _ => null,
    };

    /// <summary>The token scope that allows the permission (tokens with scope <c>all</c> allow everything).</summary>
    public static string Scope(Permission permission, bool isRead) => permission switch
    {
        Permission.AuditRead => TokenScopes.AuditRead,
        Permission.RunTrigger => TokenScopes.RunsWrite,
        Permission.OrganizationAdmin => TokenScopes.Admin,
        Permission.SecretsRead => TokenScopes.SecretsRead,
        Permission.SecretsWrite => TokenScopes.SecretsWrite,
        Permission.OrganizationSecrets => isRead ? TokenScopes.SecretsRead : TokenScopes.SecretsWrite,
        _ => isRead ? TokenScopes.Read : TokenScopes.Write,
    };
}
