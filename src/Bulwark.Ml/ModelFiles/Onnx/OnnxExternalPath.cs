namespace Bulwark.Ml.ModelFiles.Onnx;

/// <summary>
/// Decides whether an external-data location leaves the model's folder. ONNX resolves the location against
/// the folder of the .onnx file; anything absolute, with a '..' segment, a drive or a scheme, or (on disk)
/// resolving or linking outside that folder, reads a file the model's author chose.
/// </summary>
internal static class OnnxExternalPath
{
    /// <summary>Why the location escapes, or null when it stays beside the model.</summary>
    public static string? Escape(string location, string? modelPath)
    {
        if (location.Length == 0)
        {
            return null;
        }
        if (location.Contains('\0', StringComparison.Ordinal))
        {
            return "contains a NUL character";
        }
        if (location[0] is '/' or '\\' or '~' || (location.Length > 1 && location[1] == ':') || location.Contains("://", StringComparison.Ordinal))
        {
            return "is absolute";
        }
        foreach (var range in location.AsSpan().SplitAny('/', '\\'))
        {
            if (location.AsSpan()[range].SequenceEqual(".."))
            {
                return "climbs out with '..'";
            }
        }
        return modelPath is null ? null : EscapeOnDisk(location, modelPath);
    }

    private static string? EscapeOnDisk(string location, string modelPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelPath));
        if (folder is null)
        {
            return null;
        }
        var inside = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        var target = Path.GetFullPath(Path.Combine(folder, location));
        if (!target.StartsWith(inside, StringComparison.Ordinal))
        {
            return "resolves outside the model folder";
        }
        try
        {
            var link = File.Exists(target) ? new FileInfo(target).ResolveLinkTarget(returnFinalTarget: true) : null;
            return link is not null && !Path.GetFullPath(link.FullName).StartsWith(inside, StringComparison.Ordinal)
                ? $"is a symbolic link to {link.FullName}"
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "is a symbolic link that cannot be resolved";
        }
    }
}
