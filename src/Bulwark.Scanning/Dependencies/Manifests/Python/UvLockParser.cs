namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// <c>uv.lock</c>: every <c>[[package]]</c> except the projects themselves (sources <c>editable</c> and
/// <c>virtual</c>). Direct packages are those a project lists in <c>dependencies</c>,
/// <c>optional-dependencies</c> or <c>dev-dependencies</c>; a package reachable only from dev dependencies
/// is development-only. Hashes come from <c>sdist</c> and <c>wheels</c>.
/// </summary>
internal sealed class UvLockParser : IManifestParser
{
    public string Format => "uv.lock";

    public bool Matches(string fileName) => string.Equals(fileName, "uv.lock", StringComparison.Ordinal);

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var root = PositionedToml.Parse(input.ReadText(), file, out var error);
        if (root is null)
        {
            return PythonPackageList.Failed(file, error!) with { IsLockfile = true };
        }
        var packages = root.Get("package")?.Items ?? [];
        var graph = UvDependencyGraph.Build(packages);
        var list = new PythonPackageList(file);
        foreach (var package in packages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (package.GetString("name") is not { } name)
            {
                list.Error(package, "package without a name");
                continue;
            }
            var source = package.Get("source");
            if (UvDependencyGraph.IsProject(source))
            {
                continue;
            }
            var version = package.Get("version");
            var (kind, url) = source?.Members.FirstOrDefault() is { Key: { } key, Value: var value }
                ? (key switch
                {
                    "git" => PackageSource.Vcs,
                    "url" => PackageSource.Url,
                    "path" or "directory" => PackageSource.Path,
                    _ => PackageSource.Registry,
                }, value.String)
                : (PackageSource.Registry, null);
            var normalized = Ecosystems.NormalizeName(Ecosystems.PyPI, name);
            list.Packages.Add(new DeclaredPackage
            {
                Ecosystem = Ecosystems.PyPI,
                Name = name,
                Version = version?.String,
                File = file,
                Line = (version ?? package).Line,
                Column = (version ?? package).Column,
                Scope = graph.HasProject ? graph.Direct.Contains(normalized) ? DependencyScope.Direct : DependencyScope.Transitive : DependencyScope.Unknown,
                IsDevelopment = graph.HasProject && !graph.Production.Contains(normalized),
                Source = kind,
                SourceUrl = kind == PackageSource.Registry ? null : url,
                HashCount = (package.Get("sdist")?.GetString("hash") is { Length: > 0 } ? 1 : 0) + SiblingPyproject.CountHashes(package.Get("wheels")),
            });
        }
        return list.ToResult(isLockfile: true);
    }
}
