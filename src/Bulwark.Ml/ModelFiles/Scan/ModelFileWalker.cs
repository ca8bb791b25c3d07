using Bulwark.Core.Files;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Scan;

/// <summary>
/// Lists the files to scan under the given paths. Every file is a candidate — models live in git-ignored and
/// LFS folders, and content decides the format — except what the user excludes and the <c>.git</c> folder.
/// Symbolic links are never followed.
/// </summary>
internal static class ModelFileWalker
{
    public static IEnumerable<(string FullPath, string RelativePath)> Enumerate(string root, IReadOnlyList<string> paths, ExcludePatterns excludes, Action<Notice> notice)
    {
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                if (new FileInfo(full).LinkTarget is null)
                {
                    yield return (full, Relative(root, full));
                }
                continue;
            }
            if (!Directory.Exists(full))
            {
                notice(new Notice(NoticeLevel.Error, path, "no such file or directory"));
                continue;
            }
            var pending = new Stack<string>([full]);
            while (pending.TryPop(out var directory))
            {
                IEnumerable<FileSystemInfo> entries;
                try
                {
                    entries = new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    notice(new Notice(NoticeLevel.Warning, Relative(root, directory), $"cannot list ({ex.Message})"));
                    continue;
                }
                foreach (var entry in entries.Reverse())
                {
                    var relative = Relative(root, entry.FullName);
                    if (entry.LinkTarget is not null)
                    {
                        continue;
                    }
                    if (entry is DirectoryInfo)
                    {
                        if (entry.Name != ".git" && !excludes.IsExcludedDirectory(relative))
                        {
                            pending.Push(entry.FullName);
                        }
                    }
                    else if (!excludes.IsExcluded(relative))
                    {
                        yield return (entry.FullName, relative);
                    }
                }
            }
        }
    }

    private static string Relative(string root, string full) => Path.GetRelativePath(root, full).Replace('\\', '/');
}
