using Microsoft.Win32.SafeHandles;

namespace Bulwark.Runner.Sandbox;

/// <summary>Opens files a job could have planted (artifacts, reports) without following a symlink or hanging on a FIFO.</summary>
internal static class RegularFile
{
    /// <summary>A seekable read stream of the regular file at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">It does not exist, is a symlink, or is not a regular file.</exception>
    public static FileStream OpenRead(string path)
    {
        var fd = NativeMethods.OpenNoFollow(path);
        if (fd < 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            throw new IOException(errno == 40 ? "it is a symbolic link" : $"cannot open it (errno {errno})");
        }
        var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0);
        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw new IOException("it is not a regular file");
        }
        return stream;
    }
}
