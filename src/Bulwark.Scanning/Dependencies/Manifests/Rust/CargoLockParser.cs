namespace Bulwark.Scanning.Dependencies.Manifests.Rust;

/// <summary>
/// Cargo.lock (format versions 1 to 4): every <c>[[package]]</c> with a source. Source-less packages are the
/// workspace's own crates and are skipped; a package is direct when a workspace crate depends on it.
/// Registry sources are crates.io or another registry, <c>git+</c> sources are repositories.
/// </summary>
internal sealed class CargoLockParser : IManifestParser
{
    private const string CratesIo = "registry+https://github.com/rust-lang/crates.io-index";

    public string Format => "Cargo.lock";

    public bool Matches(string fileName) => fileName.Equals("Cargo.lock", StringComparison.Ordinal);

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var errors = new List<ManifestError>();
        var reader = new CargoLockReader(file, errors);
        reader.Read(input.ReadText(), cancellationToken);
        var workspaceDependencies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var crate in reader.Packages)
        {
            if (crate.Source is null)
            {
                foreach (var dependency in crate.Dependencies)
                {
                    // "name", "name version" or "name version (source)": name alone and name+version both match.
                    var parts = dependency.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
                    workspaceDependencies.Add(parts.Length > 1 ? parts[0] + " " + parts[1] : parts.Length == 1 ? parts[0] : "");
                }
            }
        }
        var packages = new List<DeclaredPackage>();
        foreach (var crate in reader.Packages)
        {
            if (crate.Name is null || crate.Version is null)
            {
                errors.Add(new ManifestError(file, crate.Line, 1, "package without name or version"));
                continue;
            }
            if (crate.Source is not { } source)
            {
                continue;
            }
            var isGit = source.StartsWith("git+", StringComparison.Ordinal);
            var hasChecksum = crate.Checksum is not null || reader.MetadataChecksums.Contains($"checksum {crate.Name} {crate.Version} ({source})");
            var isDirect = workspaceDependencies.Contains(crate.Name) || workspaceDependencies.Contains(crate.Name + " " + crate.Version);
            packages.Add(new DeclaredPackage
            {
                Ecosystem = Ecosystems.CratesIo,
                Name = crate.Name,
                Version = crate.Version,
                File = file,
                Line = crate.VersionLine,
                Column = crate.VersionColumn,
                Scope = isDirect ? DependencyScope.Direct : DependencyScope.Transitive,
                Source = isGit ? PackageSource.Vcs : PackageSource.Registry,
                SourceUrl = isGit ? source[4..] : source == CratesIo ? null : source,
                HashCount = hasChecksum ? 1 : 0,
            });
        }
        return new ManifestParseResult { File = file, IsLockfile = true, Packages = packages, Errors = errors };
    }
}
