using System.Buffers;
using System.Security.Cryptography;

namespace Bulwark.Integrity.Provenance;

/// <summary>SHA-256 of build artifacts, streamed through a pooled buffer so large artifacts never sit in memory.</summary>
internal static class ArtifactHasher
{
    private const int BufferSize = 1 << 20;

    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The path is a directory or not readable.</exception>
    public static byte[] Sha256(string path, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
            }
            return hash.GetHashAndReset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The subject name for an artifact: its path relative to <paramref name="baseDirectory"/> with '/' separators when
    /// it lies below it, otherwise just its file name (absolute paths would leak the build machine's layout).
    /// </summary>
    public static string SubjectName(string path, string baseDirectory)
    {
        var full = Path.GetFullPath(path, baseDirectory);
        var relative = Path.GetRelativePath(baseDirectory, full);
        if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return Path.GetFileName(full);
        }
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
