using Microsoft.Extensions.FileSystemGlobbing;

namespace Bulwark.Runner.Artifacts;

/// <summary>
/// Finds the workspace files that a job's <c>artifacts:</c> globs match. Only regular files are taken, and no
/// symlink is ever followed (neither a linked file nor a linked directory), so nothing outside the workspace can
/// be reached through one. The count and total size are capped.
/// </summary>
internal static class ArtifactCollector
{
    /// <exception cref="ArtifactException">A pattern is not workspace-relative, or the matches exceed a cap.</exception>
    public static IReadOnlyList<ArtifactFile> Collect(string workspace, IReadOnlyList<string> patterns, int maxCount, long maxBytes)
    {
        if (patterns.Count == 0)
        {
            return [];
        }
        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var pattern in patterns)
        {
            if (pattern.Length == 0 || pattern.StartsWith('/') || pattern.Contains('\\', StringComparison.Ordinal) || pattern.Split('/').Contains(".."))
            {
                throw new ArtifactException($"artifact pattern '{pattern}' must be relative to the workspace, without '..'");
            }
            matcher.AddInclude(pattern);
        }
        var files = RegularFiles(workspace);
        var matched = matcher.Match(workspace, files.Keys).Files.Select(m => m.Path).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (matched.Count > maxCount)
        {
            throw new ArtifactException($"the artifact patterns match {matched.Count} files; at most {maxCount} are uploaded");
        }
        var selected = matched.Select(path => files[path]).ToList();
        var total = selected.Sum(f => f.Length);
        if (total > maxBytes)
        {
            throw new ArtifactException($"the artifacts add up to {total} bytes; at most {maxBytes} are uploaded");
        }
        return selected;
    }

    /// <summary>Every regular file below the workspace by relative path; symlinked directories are not entered.</summary>
    private static Dictionary<string, ArtifactFile> RegularFiles(string workspace)
    {
        var files = new Dictionary<string, ArtifactFile>(StringComparer.Ordinal);
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(workspace));
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false };
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in directory.EnumerateFileSystemInfos("*", options))
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }
                if (entry is DirectoryInfo child)
                {
                    pending.Push(child);
                }
                else if (entry is FileInfo file)
                {
                    var relative = Path.GetRelativePath(workspace, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
                    files[relative] = new ArtifactFile(relative, file.FullName, file.Length);
                }
            }
        }
        return files;
    }
}
