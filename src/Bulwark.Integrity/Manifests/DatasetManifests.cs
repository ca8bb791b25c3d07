using Bulwark.Integrity.Hashing;

namespace Bulwark.Integrity.Manifests;

/// <summary>Creates dataset manifests by hashing a folder (or one file) with the files method.</summary>
internal static class DatasetManifests
{
    /// <exception cref="ModelHashingException">A path cannot be read, a symlink is refused, or a file changed while hashed.</exception>
    public static DatasetManifest Create(string path, TimeProvider time, CancellationToken cancellationToken, HashingOptions? options = null, IModelHasher? hasher = null)
    {
        var manifest = (hasher ?? new ModelHasher()).Hash(path, (options ?? new HashingOptions()) with { Method = SerializationMethod.Files }, cancellationToken);
        return new DatasetManifest(DatasetManifest.CurrentVersion, DatasetManifest.Sha256, RootDigest(manifest.Files), manifest.Files, time.GetUtcNow());
    }

    /// <summary>SHA-256 over the raw file digests concatenated in the given order.</summary>
    public static byte[] RootDigest(IReadOnlyList<FileEntry> files) => CombinedDigest.Of(files.Select(f => f.Sha256));
}
