namespace Bulwark.Scanning.Dependencies.Manifests;

/// <summary>
/// The packages the lockfiles of each folder pin. A range in a manifest beside a lockfile that pins the same
/// package was resolved by that lockfile, so it is neither unchecked nor unpinned.
/// </summary>
internal sealed class LockedPackages
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    public LockedPackages(IEnumerable<ManifestParseResult> manifests)
    {
        foreach (var manifest in manifests.Where(m => m.IsLockfile))
        {
            foreach (var package in manifest.Packages)
            {
                _keys.Add(Key(Folder(manifest.File), package));
            }
        }
    }

    /// <summary>True when a lockfile in the folder of <paramref name="package"/>'s file pins the same package.</summary>
    public bool Cover(DeclaredPackage package) => _keys.Contains(Key(Folder(package.File), package));

    /// <summary>The folder of a manifest path ('/' separators, "" at the root).</summary>
    public static string Folder(string file) => Path.GetDirectoryName(file)?.Replace('\\', '/') ?? "";

    private static string Key(string folder, DeclaredPackage package) =>
        string.Concat(folder, "\n", package.Ecosystem, "\n", Ecosystems.NormalizeName(package.Ecosystem, package.Name));
}
