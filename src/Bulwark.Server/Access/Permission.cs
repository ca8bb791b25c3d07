namespace Bulwark.Server.Access;

/// <summary>
/// What an endpoint needs. Every endpoint declares exactly one (see <see cref="PermissionPolicies.Require"/>);
/// docs/permissions.md is the same table in prose and a test keeps the two honest.
/// </summary>
internal enum Permission
{
    /// <summary>Any signed-in user: own profile, own tokens, MFA enrolment, the list of projects they can see.</summary>
    SignedIn,

    /// <summary>Project viewer or above: read the project, its members, runs and logs.</summary>
    ProjectRead,

    /// <summary>Project developer or above: trigger and cancel runs.</summary>
    RunTrigger,

    /// <summary>Project maintainer or above: pipeline settings, environments, secrets, webhook secret.</summary>
    ProjectSettingsWrite,

    /// <summary>Project owner: members and their roles, archiving.</summary>
    ProjectOwn,

    /// <summary>Organisation administrator: create projects.</summary>
    ProjectCreate,

    /// <summary>Organisation administrator: users, organisation roles, settings.</summary>
    OrganizationAdmin,

    /// <summary>Organisation administrator: read, verify and export the audit log.</summary>
    AuditRead,

    /// <summary>Project viewer or above: list the project's secrets (names and metadata, never values).</summary>
    SecretsRead,

    /// <summary>Project maintainer or above: write, delete and roll back the project's secrets (token scope secrets:write).</summary>
    SecretsWrite,

    /// <summary>Organisation administrator: organisation-wide secrets (token scopes secrets:read / secrets:write).</summary>
    OrganizationSecrets,

    /// <summary>
    /// Not a user permission: a one-time runner registration token (<c>bwreg_…</c>) registers one runner. No user token
    /// or session is accepted (401), whatever its role (see <see cref="PermissionRules.AgentScheme"/>).
    /// </summary>
    RunnerRegistration,

    /// <summary>Not a user permission: a registered runner's credential (<c>bwr_…</c>) asks for work.</summary>
    RunnerAgent,

    /// <summary>Not a user permission: a per-job token (<c>bwj_…</c>) acts on its own job only, while the job is leased.</summary>
    RunnerJob,
}
