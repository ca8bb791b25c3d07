namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>Where an npm specifier or <c>resolved</c> URL points: a registry, a git repository, a folder or a tarball URL.</summary>
internal static class NpmSource
{
    private static readonly string[] GitPrefixes = ["git+", "git://", "github:", "gitlab:", "bitbucket:", "gist:"];
    private static readonly string[] PathPrefixes = ["file:", "link:", "portal:", "workspace:", "./", "../", "/", "~/"];

    /// <summary>
    /// Classifies <paramref name="text"/>. Registry tarball URLs count as registry only when
    /// <paramref name="urlsAreRegistry"/> is set (a lockfile's <c>resolved</c>); in a manifest a URL is a URL.
    /// </summary>
    public static PackageSource Classify(string text, bool urlsAreRegistry)
    {
        foreach (var prefix in GitPrefixes)
        {
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return PackageSource.Vcs;
            }
        }
        foreach (var prefix in PathPrefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return PackageSource.Path;
            }
        }
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return urlsAreRegistry ? PackageSource.Registry : PackageSource.Url;
        }
        return PackageSource.Registry;
    }

    /// <summary>The name in <c>node_modules/a/node_modules/@s/b</c>: the part after the last <c>node_modules/</c>.</summary>
    public static string InstallFolderName(string path)
    {
        const string Marker = "node_modules/";
        var at = path.LastIndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? path : path[(at + Marker.Length)..];
    }

    /// <summary>Splits <c>name@range</c> at the '@' after the name (a scope's leading '@' is part of the name).</summary>
    public static bool TrySplitSpecifier(string specifier, out string name, out string range)
    {
        var at = specifier.Length > 1 ? specifier.IndexOf('@', 1) : -1;
        if (at <= 0)
        {
            (name, range) = (specifier, "");
            return false;
        }
        (name, range) = (specifier[..at], specifier[(at + 1)..]);
        return true;
    }
}
