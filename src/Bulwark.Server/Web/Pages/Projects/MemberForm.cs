namespace Bulwark.Server.Web.Pages.Projects;

/// <summary>The add-member form: a username and a role name (checked by ProjectMembership).</summary>
internal sealed class MemberForm
{
    public string? Username { get; set; }

    public string? Role { get; set; }
}
