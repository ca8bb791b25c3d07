using Bulwark.Server.Configuration;

namespace Bulwark.Server.Operations;

/// <summary>
/// An exclusive lock on <c>server.lock</c> in the data directory, held by a running server and by offline
/// commands that must not run beside one (master-key rotation). The operating system drops it when the process
/// dies, so a crash never leaves a stale lock behind.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "server.lock";
    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream) => _stream = stream;

    /// <exception cref="ServerOptionsException">Another process holds the lock.</exception>
    public static DataDirectoryLock Acquire(string dataDirectory, string holder)
    {
        var path = Path.Combine(dataDirectory, FileName);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            var stream = new FileStream(path, options);
            return new DataDirectoryLock(stream);
        }
        catch (IOException)
        {
            throw new ServerOptionsException($"{dataDirectory} is in use by another process (a running bulwark server or a key rotation holds {FileName}); {holder} needs it to itself");
        }
    }

    public void Dispose() => _stream.Dispose();
}
