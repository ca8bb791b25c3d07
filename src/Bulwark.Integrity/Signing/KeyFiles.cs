namespace Bulwark.Integrity.Signing;

/// <summary>Writes key files without ever replacing an existing file; private keys are created owner-only (0600).</summary>
internal static class KeyFiles
{
    /// <exception cref="IOException">The file already exists or cannot be created.</exception>
    public static void WritePrivate(string path, string pem) => Write(path, pem, UnixFileMode.UserRead | UnixFileMode.UserWrite);

    /// <exception cref="IOException">The file already exists or cannot be created.</exception>
    public static void WritePublic(string path, string pem) =>
        Write(path, pem, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

    private static void Write(string path, string pem, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Set at creation so the key is never readable by others, not even for a moment.
            options.UnixCreateMode = mode;
        }
        using var stream = new FileStream(path, options);
        var bytes = System.Text.Encoding.UTF8.GetBytes(pem);
        stream.Write(bytes);
    }
}
