namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// The names a lockfile's neighbouring <c>pyproject.toml</c> asks for, so lockfiles that do not record which
/// packages are direct (poetry.lock, pdm.lock) can still tell direct from transitive.
/// </summary>
internal static class SiblingPyproject
{
    /// <summary>
    /// PEP 503-normalised names declared by the pyproject.toml in the folder of <paramref name="lockFile"/>,
    /// or null when there is none, it cannot be read or parsed, or it declares nothing.
    /// </summary>
    public static HashSet<string>? DirectNames(ManifestInput input, string lockFile)
    {
        var slash = lockFile.LastIndexOf('/');
        var path = slash >= 0 ? lockFile[..(slash + 1)] + "pyproject.toml" : "pyproject.toml";
        string text;
        try
        {
            text = input.ReadText(path);
        }
        catch (ManifestReadException)
        {
            return null;
        }
        var result = PyprojectParser.Parse(text, path);
        if (result.Packages.Count == 0)
        {
            return null;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var package in result.Packages)
        {
            names.Add(Ecosystems.NormalizeName(Ecosystems.PyPI, package.Name));
        }
        return names;
    }

    public static DependencyScope ScopeOf(HashSet<string>? direct, string name) => direct is null
        ? DependencyScope.Unknown
        : direct.Contains(Ecosystems.NormalizeName(Ecosystems.PyPI, name)) ? DependencyScope.Direct : DependencyScope.Transitive;

    /// <summary>How many members of <paramref name="files"/> (an array of tables) carry a <c>hash</c>.</summary>
    public static int CountHashes(PositionedNode? files)
    {
        var count = 0;
        foreach (var file in files?.Items ?? [])
        {
            if (file.GetString("hash") is { Length: > 0 })
            {
                count++;
            }
        }
        return count;
    }
}
