namespace Bulwark.Integrity.ModelSigning;

/// <summary>Path facts shared by signing and verification.</summary>
internal static class ModelPaths
{
    /// <summary>The subject name: the model folder's or file's own name, as the reference records it.</summary>
    public static string ModelName(string modelPath) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelPath)));

    /// <summary>The caller's ignore paths plus the signature file, relative to the model root, when it lies inside the model.</summary>
    public static IReadOnlyList<string> IgnoresFor(string modelPath, string? signaturePath, IReadOnlyList<string> ignorePaths)
    {
        var result = new List<string>(ignorePaths);
        if (signaturePath is not null && Directory.Exists(modelPath))
        {
            var relative = Path.GetRelativePath(Path.GetFullPath(modelPath), Path.GetFullPath(signaturePath));
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                result.Add(relative.Replace('\\', '/'));
            }
        }
        return result;
    }
}
