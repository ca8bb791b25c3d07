using YamlDotNet.RepresentationModel;

namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>The packages the root project or a workspace importer of a pnpm lockfile asks for directly.</summary>
internal static class PnpmImporters
{
    private static readonly (string Section, bool IsDevelopment)[] Sections =
        [("dependencies", false), ("devDependencies", true), ("optionalDependencies", false)];

    /// <summary>
    /// <c>name@version</c> (peer suffix stripped) of every direct package, mapped to whether only
    /// devDependencies ask for it. Lockfile 5 writes the version as a scalar, later ones as <c>{specifier, version}</c>.
    /// </summary>
    public static Dictionary<string, bool> DirectPackages(YamlMappingNode root, bool slashKeys)
    {
        var direct = new Dictionary<string, bool>(StringComparer.Ordinal);
        AddProject(root, slashKeys, direct);
        if (YamlManifest.Mapping(root, "importers") is { } importers)
        {
            foreach (var (_, importer) in importers.Children)
            {
                if (importer is YamlMappingNode project)
                {
                    AddProject(project, slashKeys, direct);
                }
            }
        }
        return direct;
    }

    private static void AddProject(YamlMappingNode project, bool slashKeys, Dictionary<string, bool> direct)
    {
        foreach (var (section, isDevelopment) in Sections)
        {
            if (YamlManifest.Mapping(project, section) is not { } dependencies)
            {
                continue;
            }
            foreach (var (nameNode, value) in dependencies.Children)
            {
                var version = value switch
                {
                    YamlScalarNode scalar => scalar.Value,
                    YamlMappingNode mapping => YamlManifest.Scalar(mapping, "version")?.Value,
                    _ => null,
                };
                if (nameNode is not YamlScalarNode { Value: { } name } || version is null)
                {
                    continue;
                }
                var key = name + "@" + PnpmPackage.StripPeerSuffix(version, slashKeys);
                direct[key] = direct.TryGetValue(key, out var developmentOnly) ? developmentOnly && isDevelopment : isDevelopment;
            }
        }
    }
}
