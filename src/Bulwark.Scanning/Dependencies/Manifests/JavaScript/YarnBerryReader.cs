using YamlDotNet.RepresentationModel;

namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>
/// The Yarn 2+ lockfile: YAML entries keyed by specifiers (<c>"lodash@npm:^4.17.21"</c>) with
/// <c>version</c>, <c>resolution</c> (<c>lodash@npm:4.17.21</c>) and <c>checksum</c>. Workspace entries are
/// the project itself and are skipped.
/// </summary>
internal sealed class YarnBerryReader(string file, NpmManifestDependencies? manifest, List<DeclaredPackage> packages, List<ManifestError> errors)
{
    public void Read(string text, int maxDepth, CancellationToken cancellationToken)
    {
        var root = YamlManifest.Load(text, file, maxDepth, out var error);
        if (root is null)
        {
            errors.Add(error!);
            return;
        }
        foreach (var (keyNode, valueNode) in root.Children)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (keyNode is not YamlScalarNode { Value: { } key } || key == "__metadata")
            {
                continue;
            }
            var (line, column) = YamlManifest.Position(keyNode);
            if (valueNode is not YamlMappingNode entry)
            {
                errors.Add(new ManifestError(file, line, column, $"entry '{key}' is not a mapping"));
                continue;
            }
            Add(key, entry, line, column);
        }
    }

    private void Add(string key, YamlMappingNode entry, int line, int column)
    {
        var specifiers = YarnLockParser.Specifiers(key);
        var resolution = YamlManifest.Scalar(entry, "resolution")?.Value ?? (specifiers.Count > 0 ? specifiers[0] : key);
        if (!NpmSource.TrySplitSpecifier(resolution, out var name, out var reference))
        {
            errors.Add(new ManifestError(file, line, column, $"entry '{key}' has no package name"));
            return;
        }
        if (reference.StartsWith("workspace:", StringComparison.Ordinal))
        {
            return;
        }
        if (YamlManifest.Scalar(entry, "version") is not { Value: { Length: > 0 } version } versionNode)
        {
            errors.Add(new ManifestError(file, line, column, $"entry '{key}' has no version"));
            return;
        }
        var source = SourceOf(reference);
        var (versionLine, versionColumn) = YamlManifest.Position(versionNode);
        var keyName = specifiers.Count > 0 && NpmSource.TrySplitSpecifier(specifiers[0], out var written, out _) ? written : name;
        var (scope, isDevelopment) = YarnLockParser.ScopeOf(manifest, keyName, specifiers);
        packages.Add(new DeclaredPackage
        {
            Ecosystem = Ecosystems.Npm,
            Name = name,
            Version = version,
            File = file,
            Line = versionLine,
            Column = versionColumn,
            Scope = scope,
            IsDevelopment = isDevelopment,
            Source = source,
            SourceUrl = source == PackageSource.Registry ? null : reference,
            HashCount = YamlManifest.Scalar(entry, "checksum") is { Value.Length: > 0 } ? 1 : 0,
        });
    }

    /// <summary>The source a resolution's protocol names; <c>patch:</c> patches a registry package and stays registry.</summary>
    private static PackageSource SourceOf(string reference)
    {
        if (reference.StartsWith("npm:", StringComparison.Ordinal) || reference.StartsWith("patch:", StringComparison.Ordinal))
        {
            return PackageSource.Registry;
        }
        if (reference.Contains(".git#", StringComparison.Ordinal) || reference.StartsWith("git", StringComparison.Ordinal))
        {
            return PackageSource.Vcs;
        }
        return NpmSource.Classify(reference, urlsAreRegistry: false);
    }
}
