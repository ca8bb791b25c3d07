namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>
/// npm's <c>package-lock.json</c> and <c>npm-shrinkwrap.json</c>: the <c>packages</c> map of lockfile versions
/// 2 and 3, or the nested <c>dependencies</c> tree of version 1.
/// </summary>
internal sealed class PackageLockParser : IManifestParser
{
    public string Format => "package-lock.json";

    public bool Matches(string fileName) =>
        fileName.Equals("package-lock.json", StringComparison.Ordinal) || fileName.Equals("npm-shrinkwrap.json", StringComparison.Ordinal);

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var json = JsonManifest.Parse(input.ReadText(), file, input.Limits.MaxJsonDepth);
        var packages = new List<DeclaredPackage>();
        var errors = new List<ManifestError>();
        if (json.Root is not { } root)
        {
            errors.Add(json.Error!);
        }
        else if (root.Get("packages") is { IsObject: true } map)
        {
            new PackageLockV2Reader(file, json, packages, errors).Read(map, cancellationToken);
        }
        else if (root.Get("dependencies") is { IsObject: true } tree)
        {
            new PackageLockV1Reader(file, json, NpmManifestDependencies.ReadBeside(input), packages, errors).Read(tree, cancellationToken);
        }
        return new ManifestParseResult { File = file, IsLockfile = true, Packages = packages, Errors = errors };
    }
}
