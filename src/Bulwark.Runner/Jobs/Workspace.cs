using System.Security.Cryptography;

namespace Bulwark.Runner.Jobs;

/// <summary>
/// A job's private directories under <see cref="RunnerOptions.WorkRoot"/>: the workspace (0700, a unique name)
/// and per-step output directories beside it. The work root stays traversable by others (0711: no listing) so
/// that an unprivileged sandbox user can reach the directories it owns; deleting removes everything.
/// </summary>
internal sealed class Workspace
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly List<string> _directories = [];

    private Workspace(string path)
    {
        Path = path;
        _directories.Add(path);
    }

    public string Path { get; }

    public static Workspace Create(string workRoot, Guid jobId)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("jobs run on Linux");
        }
        if (!Directory.Exists(workRoot))
        {
            Directory.CreateDirectory(workRoot, Private | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        var mode = File.GetUnixFileMode(workRoot);
        if ((mode & UnixFileMode.OtherExecute) == 0)
        {
            File.SetUnixFileMode(workRoot, mode | UnixFileMode.OtherExecute);
        }
        var path = System.IO.Path.Combine(workRoot, $"job-{jobId:N}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        if (Directory.Exists(path))
        {
            throw new IOException($"{path} exists already");
        }
        Directory.CreateDirectory(path, Private);
        return new Workspace(path);
    }

    /// <summary>A new empty private directory beside the workspace (a gate step's output).</summary>
    public string CreateSibling(string suffix)
    {
        var path = Path + "-" + suffix;
        if (!OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path, Private);
        }
        _directories.Add(path);
        return path;
    }

    /// <summary>Deletes the workspace and its siblings; a job may have left read-only directories, which are opened up first.</summary>
    /// <exception cref="IOException">Something could not be removed.</exception>
    public void Delete()
    {
        foreach (var directory in _directories)
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (UnauthorizedAccessException)
            {
                OpenUp(directory);
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static void OpenUp(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        File.SetUnixFileMode(directory, Private);
        var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        foreach (var child in new DirectoryInfo(directory).EnumerateDirectories("*", walk))
        {
            if (child.LinkTarget is null)
            {
                child.UnixFileMode = Private;
            }
        }
    }
}
