using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Bulwark.Integrity.Hashing;

/// <summary>
/// SHA-256 of one byte range, read with positional reads into two pooled blocks: while one block is hashed
/// the next is read on the thread pool, so disk I/O overlaps hashing. The file must look the same (length,
/// last-write time, bytes actually read) before and after, or the digest would describe no real content.
/// </summary>
internal static class FileRangeHasher
{
    /// <summary>Block size: large enough to amortise calls into the hash and the kernel, small enough to pool.</summary>
    public const int BlockSize = 1 << 20;

    /// <param name="front">A buffer of at least <see cref="BlockSize"/> bytes.</param>
    /// <param name="back">A second buffer of at least <see cref="BlockSize"/> bytes.</param>
    /// <param name="afterRead">Test seam: runs after the range is read, before the file is checked again.</param>
    public static byte[] Hash(HashRange range, byte[] front, byte[] back, Action<ModelFile>? afterRead, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var file = range.File;
        if (file.Size == 0)
        {
            // Never opened: FIFOs, sockets and devices report size 0 and opening one could block forever.
            afterRead?.Invoke(file);
            var info = new FileInfo(file.OpenPath);
            if (!info.Exists || info.Length != 0 || info.LastWriteTimeUtc != file.LastWriteUtc)
            {
                throw Changed(file);
            }
            return hash.GetHashAndReset();
        }

        using var handle = Open(file);
        if (RandomAccess.GetLength(handle) != file.Size)
        {
            throw Changed(file);
        }
        var offset = range.Start;
        var count = Fill(handle, front, offset, NextCount(offset, range.End), file);
        while (count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var nextOffset = offset + count;
            var nextCount = NextCount(nextOffset, range.End);
            var next = back;
            var pending = nextCount == 0 ? null : Task.Run(() => Fill(handle, next, nextOffset, nextCount, file), cancellationToken);
            hash.AppendData(front, 0, count);
            count = pending?.GetAwaiter().GetResult() ?? 0;
            offset = nextOffset;
            (front, back) = (back, front);
        }

        afterRead?.Invoke(file);
        if (RandomAccess.GetLength(handle) != file.Size || File.GetLastWriteTimeUtc(file.OpenPath) != file.LastWriteUtc)
        {
            throw Changed(file);
        }
        return hash.GetHashAndReset();
    }

    private static int NextCount(long offset, long end) => (int)Math.Min(BlockSize, end - offset);

    private static SafeFileHandle Open(ModelFile file)
    {
        try
        {
            return File.OpenHandle(file.OpenPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new ModelHashingException($"cannot read '{file.Name}': {e.Message}", e);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes; a short file means it shrank under us.</summary>
    private static int Fill(SafeFileHandle handle, byte[] buffer, long offset, int count, ModelFile file)
    {
        var filled = 0;
        try
        {
            while (filled < count)
            {
                var read = RandomAccess.Read(handle, buffer.AsSpan(filled, count - filled), offset + filled);
                if (read == 0)
                {
                    throw Changed(file);
                }
                filled += read;
            }
        }
        catch (IOException e)
        {
            throw new ModelHashingException($"cannot read '{file.Name}': {e.Message}", e);
        }
        return filled;
    }

    private static ModelHashingException Changed(ModelFile file) =>
        new($"'{file.Name}' changed while hashing (size or last-write time differs); hash it again once it is stable");
}
