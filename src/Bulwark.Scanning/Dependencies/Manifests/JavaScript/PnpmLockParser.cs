using YamlDotNet.RepresentationModel;

namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>
/// pnpm's <c>pnpm-lock.yaml</c>, lockfile versions 5 (<c>/name/1.2.3</c> keys), 6 (<c>/name@1.2.3</c>) and 9
/// (<c>name@1.2.3</c> under <c>packages</c>, peer variants under <c>snapshots</c>). Peer suffixes
/// (<c>_react@18.2.0</c>, <c>(react@18.2.0)</c>) are stripped and each name and version reported once, at its
/// key. Direct packages are those the root or a workspace importer lists.
/// </summary>
internal sealed class PnpmLockParser : IManifestParser
{
    public string Format => "pnpm-lock.yaml";

    public bool Matches(string fileName) => fileName.Equals("pnpm-lock.yaml", StringComparison.Ordinal);

    public ManifestParseResult Parse(ManifestInput input, CancellationToken cancellationToken)
    {
        var file = input.RelativePath.Replace('\\', '/');
        var packages = new List<DeclaredPackage>();
        var errors = new List<ManifestError>();
        var root = YamlManifest.Load(input.ReadText(), file, input.Limits.MaxJsonDepth, out var error);
        if (root is null)
        {
            errors.Add(error!);
        }
        else if (YamlManifest.Mapping(root, "packages") is { } entries)
        {
            var slashKeys = MajorVersion(YamlManifest.Scalar(root, "lockfileVersion")?.Value) < 6;
            var direct = PnpmImporters.DirectPackages(root, slashKeys);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (keyNode, valueNode) in entries.Children)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (line, column) = YamlManifest.Position(keyNode);
                if (keyNode is not YamlScalarNode { Value: { } key } || valueNode is not YamlMappingNode entry)
                {
                    errors.Add(new ManifestError(file, line, column, "package entry is not a key with a mapping"));
                    continue;
                }
                if (PnpmPackage.Read(key, entry, slashKeys) is not { } package)
                {
                    errors.Add(new ManifestError(file, line, column, $"cannot read a package name and version from '{key}'"));
                    continue;
                }
                if (!seen.Add(package.Name + "@" + package.Version))
                {
                    continue;
                }
                var isDirect = direct.TryGetValue(package.Name + "@" + package.Version, out var directDevelopmentOnly);
                packages.Add(package with
                {
                    File = file,
                    Line = line,
                    Column = column,
                    Scope = isDirect ? DependencyScope.Direct : DependencyScope.Transitive,
                    IsDevelopment = package.IsDevelopment || (isDirect && directDevelopmentOnly),
                });
            }
        }
        return new ManifestParseResult { File = file, IsLockfile = true, Packages = packages, Errors = errors };
    }

    private static int MajorVersion(string? text)
    {
        var digits = 0;
        while (text is not null && digits < text.Length && digits < 6 && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }
        return digits == 0 ? 0 : int.Parse(text.AsSpan(0, digits), System.Globalization.CultureInfo.InvariantCulture);
    }
}
