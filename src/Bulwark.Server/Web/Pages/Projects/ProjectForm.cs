namespace Bulwark.Server.Web.Pages.Projects;

/// <summary>The project fields as the create and settings forms post them.</summary>
internal sealed class ProjectForm
{
    public string? Name { get; set; }

    public string? RepositoryUrl { get; set; }

    public string? Description { get; set; }

    public string? CredentialReference { get; set; }
}
