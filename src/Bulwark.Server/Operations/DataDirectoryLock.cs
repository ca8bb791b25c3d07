using Bulwark.Server.Configuration;

namespace Bulwark.Server.Operations;

/// <summary>
/// An exclusive lock on <c>server.lock</c> in the data directory, held by a running server and by offline
/// commands that must not run beside one (master-key rotation). Across processes it is an OS record lock taken
/// explicitly (the CLI turns .NET's implicit open-time locking off), which the OS drops when the process dies, so
/// a crash never leaves a stale lock; within one process a registry of held paths does the same job, because
/// record locks do not conflict inside their own process.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "server.lock";
    private static readonly HashSet<string> Held = new(StringComparer.Ordinal);
    private readonly FileStream _stream;
    private readonly string _path;
    private bool _disposed;

    private DataDirectoryLock(FileStream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    /// <exception cref="ServerOptionsException">Another server or rotation holds the lock.</exception>
    public static DataDirectoryLock Acquire(string dataDirectory, string holder)
    {
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        lock (Held)
        {
            if (!Held.Add(path))
            {
                throw Busy(dataDirectory, holder);
            }
        }
        FileStream? stream = null;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            stream = new FileStream(path, options);
            if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows() || OperatingSystem.IsFreeBSD())
            {
                stream.Lock(0, 1);
            }
            return new DataDirectoryLock(stream, path);
        }
        catch (IOException)
        {
            stream?.Dispose();
            Release(path);
            throw Busy(dataDirectory, holder);
        }
    }

    /// <summary>Idempotent: a server releases at stop and again at disposal, and the second must not free a later holder's entry.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stream.Dispose();
        Release(_path);
    }

    private static void Release(string path)
    {
        lock (Held)
        {
            Held.Remove(path);
        }
    }

    private static ServerOptionsException Busy(string dataDirectory, string holder) =>
        new($"{dataDirectory} is in use by another process (a running bulwark server or a key rotation holds {FileName}); {holder} needs it to itself");
}
