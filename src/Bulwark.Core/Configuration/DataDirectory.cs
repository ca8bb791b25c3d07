namespace Bulwark.Core.Configuration;

/// <summary>
/// Where every command keeps state (databases, keys, caches): <c>--data-dir</c>, else <c>BULWARK_DATA_DIR</c>,
/// else <c>~/.bulwark</c>. Nothing is written anywhere else.
/// </summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "BULWARK_DATA_DIR";

    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return Path.GetFullPath(option);
        }
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".bulwark");
    }

    /// <summary>Creates the directory, readable by its owner only, if it does not exist.</summary>
    public static string Ensure(string path)
    {
        if (!Directory.Exists(path))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        return path;
    }
}
