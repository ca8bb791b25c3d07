namespace Bulwark.Runner.Sandbox;

/// <summary>Conservative permission checks for paths the sandbox user (an "other" user) must reach.</summary>
internal static class SandboxAccess
{
    /// <summary>
    /// The first component of <paramref name="path"/> that others cannot traverse (or, with
    /// <paramref name="needRead"/>, read), or null when every one can. Symlinks are judged by their targets.
    /// </summary>
    public static string? Unreachable(string path, bool needRead)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetDirectoryName(full);
        var ancestors = new Stack<string>();
        while (current is not null)
        {
            ancestors.Push(current);
            current = Path.GetDirectoryName(current);
        }
        foreach (var directory in ancestors)
        {
            if (!Has(directory, UnixFileMode.OtherExecute))
            {
                return directory;
            }
        }
        var wanted = Directory.Exists(full)
            ? UnixFileMode.OtherExecute | (needRead ? UnixFileMode.OtherRead : 0)
            : needRead ? UnixFileMode.OtherRead : 0;
        return Has(full, wanted) ? null : full;
    }

    private static bool Has(string path, UnixFileMode wanted)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }
        try
        {
            return (File.GetUnixFileMode(path) & wanted) == wanted;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
