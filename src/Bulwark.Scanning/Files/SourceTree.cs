using MAB.DotIgnore;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Secrets.History;

namespace Bulwark.Scanning.Files;

/// <summary>
/// Lists the files of a scan root. Inside a git work tree, git itself says what is ignored
/// (<c>git ls-files --cached --others --exclude-standard</c>: exact .gitignore semantics, including global
/// excludes); elsewhere, .gitignore files are read along the walk. Symbolic links are never followed.
/// </summary>
internal static class SourceTree
{
    public static IEnumerable<SourceFile> Enumerate(string root, bool respectIgnore, PathFilter filter, Action<Notice> notice)
    {
        root = Path.GetFullPath(root);
        if (respectIgnore && FromGit(root) is { } tracked)
        {
            return tracked.Where(f => !filter.IsExcluded(f.RelativePath) && IsRegularFile(f, notice));
        }
        return Walk(root, respectIgnore, filter, notice);
    }

    /// <summary>The files git lists, or null outside a work tree or without git (then the walk decides).</summary>
    private static List<SourceFile>? FromGit(string root)
    {
        var inside = RunGit(root, "rev-parse", "--is-inside-work-tree");
        if (inside is not { ExitCode: 0 } || inside.Value.Output.Trim() != "true")
        {
            return null;
        }
        var listed = RunGit(root, "-c", "core.quotePath=false", "ls-files", "-z", "--cached", "--others", "--exclude-standard");
        if (listed is not { ExitCode: 0 })
        {
            return null;
        }
        // Tracked files deleted from the work tree are still listed by --cached; IsRegularFile drops them.
        return listed.Value.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal)
            .Select(relative => new SourceFile(Path.Combine(root, relative), relative))
            .ToList();
    }

    /// <summary>Runs git and reads all of stdout (file lists outgrow GitProcess.RunAsync's bounded text).</summary>
    private static (int ExitCode, string Output)? RunGit(string root, params string[] arguments)
    {
        try
        {
            using var git = GitProcess.Start(root, arguments, withInput: false, CancellationToken.None);
            using var reader = new StreamReader(git.Output, System.Text.Encoding.UTF8);
            var output = reader.ReadToEnd();
            // Listing runs before any scanning starts; blocking here costs nothing.
            return (git.WaitForExitAsync(CancellationToken.None).GetAwaiter().GetResult(), output);
        }
        catch (GitHistoryException)
        {
            return null;
        }
    }

    private static bool IsRegularFile(SourceFile file, Action<Notice> notice)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(file.FullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            notice(new Notice(NoticeLevel.Warning, file.RelativePath, ex.Message));
            return false;
        }
        if (info.LinkTarget is not null)
        {
            if (IsBrokenLink(info))
            {
                notice(new Notice(NoticeLevel.Warning, file.RelativePath, $"broken symbolic link to {info.LinkTarget}"));
            }
            return false;
        }
        return info.Exists;
    }

    /// <summary>Exists/File.Exists answer for the link itself; only its resolved target tells if it dangles.</summary>
    private static bool IsBrokenLink(FileSystemInfo link)
    {
        try
        {
            return link.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true };
        }
        catch (IOException)
        {
            // A loop of links, or too many levels: as unusable as a dangling one.
            return true;
        }
    }

    private static IEnumerable<SourceFile> Walk(string root, bool respectIgnore, PathFilter filter, Action<Notice> notice)
    {
        var pending = new Stack<(string Directory, string Relative, IgnoreList? Ignore)>();
        pending.Push((root, "", respectIgnore ? ReadIgnore(root, null) : null));
        while (pending.Count > 0)
        {
            var (directory, relative, ignore) = pending.Pop();
            FileSystemInfo[] entries;
            try
            {
                entries = new DirectoryInfo(directory).GetFileSystemInfos();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                notice(new Notice(NoticeLevel.Warning, relative.Length == 0 ? "." : relative, $"cannot list directory: {ex.Message}"));
                continue;
            }
            foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var path = relative.Length == 0 ? entry.Name : $"{relative}/{entry.Name}";
                var isDirectory = entry is DirectoryInfo;
                if (entry.LinkTarget is not null)
                {
                    if (IsBrokenLink(entry))
                    {
                        notice(new Notice(NoticeLevel.Warning, path, $"broken symbolic link to {entry.LinkTarget}"));
                    }
                    continue;
                }
                if (isDirectory && entry.Name == ".git")
                {
                    continue;
                }
                if (ignore is not null && ignore.IsIgnored(path, isDirectory))
                {
                    continue;
                }
                if (isDirectory)
                {
                    if (!filter.IsExcludedDirectory(path))
                    {
                        pending.Push((entry.FullName, path, respectIgnore ? ReadIgnore(entry.FullName, ignore, path) : null));
                    }
                }
                else if (!filter.IsExcluded(path))
                {
                    yield return new SourceFile(entry.FullName, path);
                }
            }
        }
    }

    /// <summary>Adds a directory's .gitignore to its parent's rules; patterns are anchored at that directory.</summary>
    private static IgnoreList? ReadIgnore(string directory, IgnoreList? parent, string relative = "")
    {
        var file = Path.Combine(directory, ".gitignore");
        if (!File.Exists(file))
        {
            return parent;
        }
        var list = parent?.Clone() ?? new IgnoreList();
        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var negated = line.StartsWith('!');
            var pattern = negated ? line[1..] : line;
            // A pattern with a slash (other than at the end) is relative to its .gitignore; others match at any depth below it.
            var anchored = pattern.TrimEnd('/').Contains('/');
            pattern = pattern.TrimStart('/');
            var scoped = relative.Length == 0 ? pattern : anchored ? $"{relative}/{pattern}" : $"{relative}/**/{pattern}";
            list.AddRule(negated ? "!" + scoped : scoped);
        }
        return list;
    }
}
