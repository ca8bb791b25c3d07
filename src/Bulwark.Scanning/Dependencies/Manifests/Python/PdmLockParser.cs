namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// <c>pdm.lock</c>: every <c>[[package]]</c> with its version, <c>groups</c> (a package outside "default" is
/// development-only), hashes from <c>files</c>, and git/url/path sources. Direct packages are those the
/// neighbouring pyproject.toml names.
/// </summary>
internal sealed class PdmLockParser : IManifestParser
{
    public string Format => "pdm.lock";

    public bool Matches(string fileName) => string.Equals(fileName, "pdm.lock", StringComparison.Ordinal);

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var root = PositionedToml.Parse(input.ReadText(), file, out var error);
        if (root is null)
        {
            return PythonPackageList.Failed(file, error!) with { IsLockfile = true };
        }
        var direct = SiblingPyproject.DirectNames(input, file);
        var list = new PythonPackageList(file);
        foreach (var package in root.Get("package")?.Items ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (package.GetString("name") is not { } name)
            {
                list.Error(package, "package without a name");
                continue;
            }
            var version = package.Get("version");
            var groups = package.Get("groups");
            var (source, url) = package.GetString("git") is { } git ? (PackageSource.Vcs, git)
                : package.GetString("url") is { } archive ? (PackageSource.Url, archive)
                : package.GetString("path") is { } path ? (PackageSource.Path, path)
                : (PackageSource.Registry, null);
            list.Packages.Add(new DeclaredPackage
            {
                Ecosystem = Ecosystems.PyPI,
                Name = name,
                Version = version?.String,
                File = file,
                Line = (version ?? package).Line,
                Column = (version ?? package).Column,
                Scope = SiblingPyproject.ScopeOf(direct, name),
                IsDevelopment = groups is not null && !groups.Items.Any(g => g.String == "default"),
                Source = source,
                SourceUrl = url,
                HashCount = SiblingPyproject.CountHashes(package.Get("files")),
                Marker = package.GetString("marker"),
            });
        }
        return list.ToResult(isLockfile: true);
    }
}
