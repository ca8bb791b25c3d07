using System.Text.Json.Serialization;
using Bulwark.Server.Access;

namespace Bulwark.Server.Projects;

/// <summary>Body of <c>POST /api/v1/projects</c>.</summary>
internal sealed record CreateProjectRequest(string Name, string RepositoryUrl, string? Description = null, string? CredentialReference = null, IReadOnlyList<string>? ProtectedBranches = null);

/// <summary>A project as the API shows it. <see cref="WebhookSecret"/> is set only in the creation (or rotation) answer.</summary>
internal sealed record ProjectResponse(
    string Name,
    string RepositoryUrl,
    string Description,
    string? CredentialReference,
    DateTime CreatedAt,
    DateTime? ArchivedAt,
    ProjectRole? Role,
    string? WebhookSecret = null)
{
    /// <summary>Branch patterns whose runs are protected (protected-only secrets, deployments).</summary>
    public IReadOnlyList<string> ProtectedBranches => ProtectedBranchesJoined.Length == 0 ? [] : ProtectedBranchesJoined.Split(',');

    /// <summary>The stored comma-joined form, so database queries can fill the response directly.</summary>
    [JsonIgnore]
    public string ProtectedBranchesJoined { get; init; } = "";
}

/// <summary>Body of <c>PATCH /api/v1/projects/{name}</c>: absent fields stay as they are; an empty credentialReference clears it.</summary>
internal sealed record UpdateProjectRequest(string? Description = null, string? RepositoryUrl = null, string? CredentialReference = null, IReadOnlyList<string>? ProtectedBranches = null);

/// <summary>Answer of a webhook secret rotation: the new secret, shown only this once.</summary>
internal sealed record WebhookSecretResponse(string Name, string WebhookSecret);
