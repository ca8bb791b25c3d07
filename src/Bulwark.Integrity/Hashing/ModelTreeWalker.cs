namespace Bulwark.Integrity.Hashing;

/// <summary>
/// Lists the regular files of a model (a folder or a single file) without recursion. Symbolic links fail
/// unless allowed; allowed links are followed but must resolve inside the model root (a model must not sign
/// what lies outside it) and must not loop back to an ancestor folder.
/// </summary>
internal static class ModelTreeWalker
{
    /// <summary>Deeper folders are refused: real models are shallow, and the bound keeps the walk finite.</summary>
    public const int MaxDepth = 256;

    private static readonly EnumerationOptions Enumeration = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    public static ModelTree Walk(string path, HashingOptions options, CancellationToken cancellationToken)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (File.Exists(root))
        {
            return new ModelTree([Describe(SingleFile(root, path, options), ".")], []);
        }
        if (!Directory.Exists(root))
        {
            throw new ModelHashingException($"'{path}' does not exist or cannot be read");
        }

        var ignores = IgnoreSet.Create(options.IgnorePaths);
        var realRoot = new DirectoryInfo(root).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? root;
        var files = new List<ModelFile>();
        var ignored = new List<string>();
        var pending = new Stack<(string Path, string Name, string RealPath, int Depth)>();
        pending.Push((root, "", realRoot, 0));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (folder, folderName, folderReal, depth) = pending.Pop();
            foreach (var entry in Entries(folder, folderName))
            {
                var name = folderName.Length == 0 ? entry.Name : folderName + "/" + entry.Name;
                if (ignores.Contains(name))
                {
                    ignored.Add(name);
                    continue;
                }
                var target = entry.LinkTarget is null ? entry : FollowLink(entry, name, realRoot, options);
                if (target is DirectoryInfo)
                {
                    var real = ReferenceEquals(target, entry) ? Path.Join(folderReal, entry.Name) : target.FullName;
                    if (IsSameOrBelow(real, folderReal))
                    {
                        throw new ModelHashingException($"'{name}' is a symbolic link back to its own folder (a cycle)");
                    }
                    if (depth + 1 > MaxDepth)
                    {
                        throw new ModelHashingException($"'{name}' is nested deeper than {MaxDepth} folders");
                    }
                    pending.Push((entry.FullName, name, real, depth + 1));
                }
                else
                {
                    files.Add(Describe((FileInfo)target, name));
                }
            }
        }
        files.Sort((a, b) => ResourceNameComparer.Instance.Compare(a.Name, b.Name));
        ignored.Sort(ResourceNameComparer.Instance);
        return new ModelTree(files, ignored);
    }

    private static FileSystemInfo[] Entries(string folder, string name)
    {
        try
        {
            return new DirectoryInfo(folder).GetFileSystemInfos("*", Enumeration);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new ModelHashingException($"cannot read folder '{(name.Length == 0 ? "." : name)}': {e.Message}", e);
        }
    }

    private static FileSystemInfo FollowLink(FileSystemInfo link, string name, string realRoot, HashingOptions options)
    {
        if (!options.AllowSymlinks)
        {
            throw new ModelHashingException($"'{name}' is a symbolic link; links are refused unless allowed (AllowSymlinks)");
        }
        FileSystemInfo? target;
        try
        {
            target = link.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException e)
        {
            throw new ModelHashingException($"'{name}': cannot resolve symbolic link: {e.Message}", e);
        }
        if (target is null || !target.Exists)
        {
            throw new ModelHashingException($"'{name}' is a broken symbolic link");
        }
        if (!IsSameOrBelow(realRoot, target.FullName))
        {
            throw new ModelHashingException($"'{name}' is a symbolic link that points outside the model root");
        }
        return target;
    }

    /// <summary>A model that is one file: an allowed link is followed wherever it points, since the user named it.</summary>
    private static FileInfo SingleFile(string root, string path, HashingOptions options)
    {
        var file = new FileInfo(root);
        if (file.LinkTarget is null)
        {
            return file;
        }
        if (!options.AllowSymlinks)
        {
            throw new ModelHashingException($"'{path}' is a symbolic link; links are refused unless allowed (AllowSymlinks)");
        }
        return file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo
            ?? throw new ModelHashingException($"'{path}' is a broken symbolic link");
    }

    private static ModelFile Describe(FileInfo file, string name)
    {
        try
        {
            return new ModelFile(name, file.FullName, file.Length, file.LastWriteTimeUtc);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelHashingException($"cannot read '{name}': {e.Message}", e);
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies inside it.</summary>
    private static bool IsSameOrBelow(string folder, string path) =>
        path.StartsWith(folder, StringComparison.Ordinal)
        && (path.Length == folder.Length || path[folder.Length] == Path.DirectorySeparatorChar
            || folder.EndsWith(Path.DirectorySeparatorChar));
}
