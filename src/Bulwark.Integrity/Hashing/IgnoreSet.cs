namespace Bulwark.Integrity.Hashing;

/// <summary>
/// The paths left out of a model: <see cref="HashingOptions.DefaultIgnores"/> plus the caller's, relative to
/// the root. The walker never descends into an ignored folder, so an exact name match covers its children.
/// </summary>
internal sealed class IgnoreSet
{
    private readonly HashSet<string> names;

    private IgnoreSet(HashSet<string> names) => this.names = names;

    public bool Contains(string name) => names.Contains(name);

    /// <exception cref="ArgumentException">An ignore path is absolute, empty, or climbs out with "..".</exception>
    public static IgnoreSet Create(IReadOnlyList<string> ignorePaths)
    {
        var names = new HashSet<string>(HashingOptions.DefaultIgnores, StringComparer.Ordinal);
        foreach (var raw in ignorePaths)
        {
            names.Add(Normalize(raw));
        }
        return new IgnoreSet(names);
    }

    private static string Normalize(string raw)
    {
        var path = raw.Replace('\\', '/').Trim();
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }
        path = path.TrimEnd('/');
        if (path.Length == 0 || path == "." || path.StartsWith('/') || Path.IsPathRooted(path)
            || path.Split('/').Any(segment => segment is ".." or "." or ""))
        {
            throw new ArgumentException($"IgnorePaths: '{raw}' must be a path relative to the model root, without '..'", nameof(HashingOptions.IgnorePaths));
        }
        return path;
    }
}
