namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>Resolves a requirements include (<c>-r</c>, <c>-c</c>) to a path relative to the audited root.</summary>
internal static class IncludePath
{
    /// <summary>
    /// Joins <paramref name="target"/> to the folder of <paramref name="from"/> and folds '.' and '..';
    /// null with a reason for URLs, absolute paths and paths that climb out of the root.
    /// </summary>
    public static string? Resolve(string from, string target, out string? problem)
    {
        problem = null;
        var normalized = target.Replace('\\', '/');
        if (PythonArtifactNames.IsUrl(normalized))
        {
            problem = "remote requirement files are not fetched";
            return null;
        }
        if (normalized.StartsWith('/') || Path.IsPathRooted(target) || (normalized.Length > 1 && normalized[1] == ':'))
        {
            problem = "absolute paths are not followed";
            return null;
        }
        var slash = from.LastIndexOf('/');
        var joined = slash >= 0 ? from[..(slash + 1)] + normalized : normalized;
        var parts = new List<string>();
        foreach (var part in joined.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    problem = "outside the audited folder";
                    return null;
                }
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }
}
