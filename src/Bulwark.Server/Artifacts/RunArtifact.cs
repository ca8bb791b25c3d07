namespace Bulwark.Server.Artifacts;

/// <summary>
/// One file a job uploaded. The content lives in the blob store under <see cref="Sha256"/>; the row says which job
/// made it and under which workspace-relative path (see <see cref="ArtifactPath"/>). A path is unique per job.
/// </summary>
internal sealed class RunArtifact
{
    public Guid Id { get; set; }

    public Guid RunId { get; set; }

    public Guid JobId { get; set; }

    /// <summary>'/'-separated, relative, at most <see cref="ArtifactPath.MaxLength"/> characters.</summary>
    public required string Path { get; set; }

    /// <summary>64 lower-case hex digits: the plaintext's SHA-256 and the blob's name.</summary>
    public required string Sha256 { get; set; }

    public long Length { get; set; }

    public DateTime CreatedAt { get; set; }
}
