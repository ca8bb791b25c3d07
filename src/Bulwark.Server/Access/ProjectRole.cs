namespace Bulwark.Server.Access;

/// <summary>Per-project roles, each granting everything the one before it grants (see docs/permissions.md).</summary>
internal enum ProjectRole
{
    /// <summary>Reads the project, its runs and logs.</summary>
    Viewer = 1,

    /// <summary>Also triggers runs.</summary>
    Developer = 2,

    /// <summary>Also edits pipeline settings, environments and secrets.</summary>
    Maintainer = 3,

    /// <summary>Also manages members and archives the project.</summary>
    Owner = 4,
}
