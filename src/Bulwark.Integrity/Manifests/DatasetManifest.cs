using Bulwark.Integrity.Hashing;

namespace Bulwark.Integrity.Manifests;

/// <summary>
/// The digests of every file of a dataset, stored as JSON beside it so a later run can tell what changed.
/// <see cref="RootDigest"/> is SHA-256 over the raw file digests concatenated in file order, the way an OMS
/// statement's subject digest covers its resources, so one value pins the whole dataset.
/// </summary>
/// <param name="Files">Sorted by path as <see cref="ResourceNameComparer"/> orders them; paths are unique.</param>
internal sealed record DatasetManifest(int Version, string Algorithm, byte[] RootDigest, IReadOnlyList<FileEntry> Files, DateTimeOffset Created)
{
    public const int CurrentVersion = 1;

    public const string Sha256 = "sha256";
}
