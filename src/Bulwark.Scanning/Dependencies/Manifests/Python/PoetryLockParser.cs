namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// <c>poetry.lock</c>: every <c>[[package]]</c> with its version, dev-ness (<c>category = "dev"</c> in lock
/// format 1, <c>groups</c> without "main" in format 2), source and hashes (<c>files</c> or the older
/// <c>[metadata.files]</c>). Direct packages are those the neighbouring pyproject.toml names.
/// </summary>
internal sealed class PoetryLockParser : IManifestParser
{
    public string Format => "poetry.lock";

    public bool Matches(string fileName) => string.Equals(fileName, "poetry.lock", StringComparison.Ordinal);

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var root = PositionedToml.Parse(input.ReadText(), file, out var error);
        if (root is null)
        {
            return PythonPackageList.Failed(file, error!) with { IsLockfile = true };
        }
        var direct = SiblingPyproject.DirectNames(input, file);
        var metadataFiles = root.Get("metadata")?.Get("files");
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
            var development = string.Equals(package.GetString("category"), "dev", StringComparison.Ordinal)
                || (groups is not null && !groups.Items.Any(g => g.String == "main"));
            var source = package.Get("source");
            var sourceType = source?.GetString("type");
            list.Packages.Add(new DeclaredPackage
            {
                Ecosystem = Ecosystems.PyPI,
                Name = name,
                Version = version?.String,
                File = file,
                Line = (version ?? package).Line,
                Column = (version ?? package).Column,
                Scope = SiblingPyproject.ScopeOf(direct, name),
                IsDevelopment = development,
                Source = sourceType switch
                {
                    "git" => PackageSource.Vcs,
                    "directory" or "file" => PackageSource.Path,
                    "url" => PackageSource.Url,
                    _ => PackageSource.Registry,
                },
                SourceUrl = sourceType is null or "legacy" ? null : source!.GetString("url"),
                HashCount = SiblingPyproject.CountHashes(package.Get("files") ?? metadataFiles?.Get(name)),
                Marker = package.GetString("markers"),
            });
        }
        return list.ToResult(isLockfile: true);
    }
}
