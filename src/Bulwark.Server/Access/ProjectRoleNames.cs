namespace Bulwark.Server.Access;

/// <summary>The spellings of project roles on the wire and in forms: viewer, developer, maintainer, owner.</summary>
internal static class ProjectRoleNames
{
    public static readonly IReadOnlyList<ProjectRole> All = Enum.GetValues<ProjectRole>();

    public static string Name(ProjectRole role) => role.ToString().ToLowerInvariant();

    /// <summary>The role a lower-case name spells, or null (numbers and other spellings are refused).</summary>
    public static ProjectRole? Parse(string? text) => All.Cast<ProjectRole?>().FirstOrDefault(r => Name(r!.Value) == text);

    public static string Expected => "role must be one of: " + string.Join(", ", All.Select(Name));
}
