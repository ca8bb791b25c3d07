using Bulwark.Server.Access;

namespace Bulwark.Server.Projects;

/// <summary>Body of <c>POST /api/v1/projects</c>.</summary>
internal sealed record CreateProjectRequest(string Name, string RepositoryUrl, string? Description = null, string? CredentialReference = null);

/// <summary>A project as the API shows it. <see cref="WebhookSecret"/> is set only in the creation (or rotation) answer.</summary>
internal sealed record ProjectResponse(
    string Name,
    string RepositoryUrl,
    string Description,
    string? CredentialReference,
    DateTime CreatedAt,
    DateTime? ArchivedAt,
    ProjectRole? Role,
    string? WebhookSecret = null);
