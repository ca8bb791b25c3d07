namespace Bulwark.Server.Projects;

/// <summary>A repository Bulwark builds. <see cref="Name"/> is the URL-safe key used in API paths.</summary>
internal sealed class Project
{
    public Guid Id { get; set; }

    /// <summary>Lower-case letters, digits, '-', '_' and '.', 1–64 characters, starting with a letter or digit (see <see cref="ProjectName"/>).</summary>
    public required string Name { get; set; }

    public string Description { get; set; } = "";

    /// <summary>HTTPS or SSH URL of the Git repository.</summary>
    public required string RepositoryUrl { get; set; }

    /// <summary>Name of the stored credential used to clone (a secrets-store reference, never the credential itself).</summary>
    public string? CredentialReference { get; set; }

    /// <summary>The webhook secret, AES-256-GCM encrypted under a key derived from the master key and bound to this project's id.</summary>
    public required byte[] WebhookSecretCiphertext { get; set; }

    /// <summary>Branch patterns whose runs count as protected (secrets marked protected-only, deployments), comma-separated.</summary>
    public string ProtectedBranches { get; set; } = DefaultProtectedBranches;

    public const string DefaultProtectedBranches = "main,master";

    public IReadOnlyList<string> ProtectedBranchList => ProtectedBranches.Length == 0 ? [] : ProtectedBranches.Split(',');

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? ArchivedAt { get; set; }

    public List<ProjectMember> Members { get; set; } = [];
}
