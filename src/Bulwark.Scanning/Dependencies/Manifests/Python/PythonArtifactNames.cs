namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// Derives a distribution name (and, for archives, the version) from a URL or path that has no
/// <c>name @</c> prefix, the way pip does before building: the <c>#egg=</c> fragment, else the wheel or sdist
/// file name, else the last path segment (a repository or folder name).
/// </summary>
internal static class PythonArtifactNames
{
    private static readonly string[] VcsPrefixes = ["git+", "hg+", "svn+", "bzr+", "git://"];
    private static readonly string[] SdistSuffixes = [".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".zip", ".tar"];

    /// <summary>True when <paramref name="target"/> starts with a URL scheme (<c>https://</c>, <c>git+ssh://</c>, <c>file:</c>).</summary>
    public static bool IsUrl(string target)
    {
        var colon = target.IndexOf(':', StringComparison.Ordinal);
        if (colon < 2)
        {
            return false;
        }
        for (var i = 0; i < colon; i++)
        {
            if (!char.IsAsciiLetterOrDigit(target[i]) && target[i] is not ('+' or '-' or '.'))
            {
                return false;
            }
        }
        return target.AsSpan(colon).StartsWith("://") || target.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True for a wheel or source-archive file name.</summary>
    public static bool IsArchive(string location)
    {
        if (location.EndsWith(".whl", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        foreach (var suffix in SdistSuffixes)
        {
            if (location.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Where a URL points: a VCS checkout, a local <c>file:</c> path, or a downloadable archive.</summary>
    public static PackageSource SourceOfUrl(string url)
    {
        foreach (var prefix in VcsPrefixes)
        {
            if (url.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return PackageSource.Vcs;
            }
        }
        return url.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? PackageSource.Path : PackageSource.Url;
    }

    /// <summary>Name and version (null when unknown) of the distribution at <paramref name="location"/>.</summary>
    public static (string? Name, string? Version) FromLocation(string location)
    {
        var hash = location.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            var egg = EggName(location.AsSpan(hash + 1));
            if (egg is not null)
            {
                return (egg, null);
            }
            location = location[..hash];
        }
        var query = location.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            location = location[..query];
        }
        var segment = location.TrimEnd('/', '\\');
        var slash = segment.LastIndexOfAny(['/', '\\']);
        segment = slash >= 0 ? segment[(slash + 1)..] : segment;
        if (SourceOfUrl(location) == PackageSource.Vcs)
        {
            var at = segment.IndexOf('@', StringComparison.Ordinal);
            segment = at >= 0 ? segment[..at] : segment;
            segment = segment.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? segment[..^4] : segment;
        }
        if (segment.EndsWith(".whl", StringComparison.OrdinalIgnoreCase))
        {
            var parts = segment.Split('-');
            return parts.Length >= 5 ? (parts[0], parts[1]) : (Valid(segment[..^4]), null);
        }
        foreach (var suffix in SdistSuffixes)
        {
            if (segment.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                var stem = segment[..^suffix.Length];
                var dash = stem.LastIndexOf('-');
                return dash > 0 && dash + 1 < stem.Length && char.IsAsciiDigit(stem[dash + 1])
                    ? (Valid(stem[..dash]), stem[(dash + 1)..])
                    : (Valid(stem), null);
            }
        }
        return (Valid(segment), null);
    }

    private static string? EggName(ReadOnlySpan<char> fragment)
    {
        foreach (var range in fragment.Split('&'))
        {
            var part = fragment[range];
            if (part.StartsWith("egg="))
            {
                var name = part[4..];
                var bracket = name.IndexOf('[');
                return Valid((bracket >= 0 ? name[..bracket] : name).ToString());
            }
        }
        return null;
    }

    private static string? Valid(string name)
    {
        if (name.Length == 0 || name is "." or "..")
        {
            return null;
        }
        foreach (var c in name)
        {
            if (!Pep508Parser.IsNameChar(c))
            {
                return null;
            }
        }
        return name;
    }
}
