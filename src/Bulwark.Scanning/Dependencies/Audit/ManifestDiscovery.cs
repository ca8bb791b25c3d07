using Bulwark.Core.Findings;
using Bulwark.Scanning.Files;
using Bulwark.Scanning.Dependencies.Manifests;

namespace Bulwark.Scanning.Dependencies.Audit;

/// <summary>
/// Finds the manifests and lockfiles under an audit root. Installed or vendored trees (<c>node_modules</c>,
/// virtual environments, Go's <c>vendor</c>) hold other projects' manifests, not this project's, and are skipped
/// even when no .gitignore says so.
/// </summary>
internal static class ManifestDiscovery
{
    private static readonly HashSet<string> VendoredFolders = new(StringComparer.Ordinal)
    {
        "node_modules", "bower_components", ".venv", "venv", "site-packages", "dist-packages", "__pypackages__",
        ".tox", ".nox", ".git", "vendor", ".yarn", ".pnpm-store", "target", "bin", "obj",
    };

    public static List<(SourceFile File, IManifestParser Parser)> Find(string root, bool respectIgnore, PathFilter filter, Action<Notice> notice)
    {
        var found = new List<(SourceFile, IManifestParser)>();
        if (File.Exists(root))
        {
            var name = Path.GetFileName(root);
            var parser = ManifestParsers.For(name) ?? throw new Core.Configuration.ConfigException($"{root}: not a manifest or lockfile Bulwark reads (see `bulwark deps audit --help`)");
            found.Add((new SourceFile(root, name), parser));
            return found;
        }
        foreach (var file in SourceTree.Enumerate(root, respectIgnore, filter, notice))
        {
            if (IsVendored(file.RelativePath))
            {
                continue;
            }
            if (ManifestParsers.For(Path.GetFileName(file.RelativePath)) is { } parser)
            {
                found.Add((file with { RelativePath = file.RelativePath.Replace('\\', '/') }, parser));
            }
        }
        found.Sort((a, b) => string.CompareOrdinal(a.Item1.RelativePath, b.Item1.RelativePath));
        return found;
    }

    private static bool IsVendored(string relativePath)
    {
        var segments = relativePath.Split('/', '\\');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (VendoredFolders.Contains(segments[i]))
            {
                return true;
            }
        }
        return false;
    }
}
