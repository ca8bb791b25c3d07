namespace Bulwark.Integrity.Manifests;

/// <summary>A loaded manifest, or why it could not be loaded (naming the file and the place in it).</summary>
internal sealed record DatasetManifestLoad(DatasetManifest? Manifest, string? Error)
{
    public static DatasetManifestLoad Failed(string error) => new(null, error);
}
