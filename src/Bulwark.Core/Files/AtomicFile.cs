namespace Bulwark.Core.Files;

/// <summary>
/// Writes a whole file or nothing: a temporary file beside it, then a rename. A destination that exists and is not
/// a regular file (<c>/dev/null</c>, <c>/dev/stdout</c>, a FIFO) is written in place: renaming over it would
/// replace the device node with a plain file for everyone on the machine.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, byte[] content) => Write(path, stream => stream.Write(content));

    /// <summary>Streams the content into <paramref name="path"/> through <paramref name="write"/> (reports, exports).</summary>
    public static void Write(string path, Action<Stream> write) =>
        WriteAsync(path, stream =>
        {
            write(stream);
            return Task.FromResult(0);
        }).GetAwaiter().GetResult();

    public static async Task<T> WriteAsync<T>(string path, Func<Stream, Task<T>> write)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full) && !IsRegularFile(full))
        {
            await using var device = new FileStream(full, FileMode.Open, FileAccess.Write);
            return await write(device);
        }
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            T result;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                result = await write(file);
            }
            File.Move(temporary, full, overwrite: true);
            return result;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Device files live under <c>/dev</c> (and <c>/dev/stdout</c> links into <c>/proc</c>); .NET exposes no file
    /// type, so the location decides. A FIFO elsewhere is still replaced, as any other file would be.
    /// </summary>
    private static bool IsRegularFile(string path)
    {
        var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        return !(target.StartsWith("/dev/", StringComparison.Ordinal) || target.StartsWith("/proc/", StringComparison.Ordinal));
    }
}
