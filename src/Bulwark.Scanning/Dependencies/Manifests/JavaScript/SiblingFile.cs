namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>Reads a file beside the one being parsed (package.json beside a lockfile, go.mod beside go.sum).</summary>
internal static class SiblingFile
{
    /// <summary>The sibling's path relative to the root with '/' separators.</summary>
    public static string PathOf(ManifestInput input, string fileName)
    {
        var folder = System.IO.Path.GetDirectoryName(input.RelativePath.Replace('\\', '/')) ?? "";
        return folder.Length == 0 ? fileName : folder.Replace('\\', '/') + "/" + fileName;
    }

    /// <summary>
    /// The sibling's text, or null when it is absent or cannot be read: a missing or oversized neighbour only
    /// costs the direct/transitive decision, never the lockfile itself.
    /// </summary>
    public static string? TryRead(ManifestInput input, string fileName)
    {
        var relative = PathOf(input, fileName);
        if (!File.Exists(System.IO.Path.Combine(input.Root, relative)))
        {
            return null;
        }
        try
        {
            return input.ReadText(relative);
        }
        catch (ManifestReadException)
        {
            return null;
        }
    }
}
