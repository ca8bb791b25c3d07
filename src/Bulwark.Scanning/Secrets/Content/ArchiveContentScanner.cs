using System.IO.Compression;
using Bulwark.Core.Findings;
using Bulwark.Core.Limits;

namespace Bulwark.Scanning.Secrets.Content;

/// <summary>
/// Opens zip-based archives (.zip, .whl, .jar, .docx, .nupkg, ...) and scans each member as content of its
/// own. Bounded: nesting depth, member count, total uncompressed bytes, and compression ratio (zip bombs).
/// </summary>
internal sealed class ArchiveContentScanner(InputLimits limits, SecretScanner scanner)
{
    /// <summary>A central directory larger than this is refused before it is read (~100,000 members).</summary>
    private const long MaxDirectoryBytes = 8L << 20;

    public long Scan(ReadOnlySpan<byte> head, Stream rest, ContentOrigin origin, ScanSink sink, CancellationToken cancellationToken)
    {
        // ZipArchive needs to seek to the central directory: use the file itself if it can, else a bounded copy.
        var seekable = rest.CanSeek ? rest : BoundedRead.ReadAll(head, rest, limits.MaxArchiveBytes);
        if (seekable is null)
        {
            sink.AddNotice(NoticeLevel.Info, origin.Display, $"skipped: nested archive larger than {limits.MaxArchiveBytes} bytes");
            return head.Length;
        }
        if (rest.CanSeek)
        {
            rest.Seek(0, SeekOrigin.Begin);
        }
        try
        {
            if (ZipDirectoryProbe.Read(seekable) is { } declared
                && (declared.Entries > limits.MaxArchiveEntries || declared.DirectoryBytes > MaxDirectoryBytes))
            {
                sink.AddNotice(NoticeLevel.Warning, origin.Display, $"archive not opened: it declares {declared.Entries} members in a {declared.DirectoryBytes}-byte directory (limit {limits.MaxArchiveEntries} members)");
                return head.Length;
            }
            using var archive = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
            return ScanMembers(archive, origin, sink, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            sink.AddNotice(NoticeLevel.Warning, origin.Display, $"corrupt zip archive: {ex.Message}");
            return head.Length;
        }
        finally
        {
            if (!ReferenceEquals(seekable, rest))
            {
                seekable.Dispose();
            }
        }
    }

    private long ScanMembers(ZipArchive archive, ContentOrigin origin, ScanSink sink, CancellationToken cancellationToken)
    {
        long total = 0;
        var count = 0;
        foreach (var entry in archive.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.FullName.EndsWith('/'))
            {
                continue;
            }
            var member = origin.Inside(entry.FullName);
            if (++count > limits.MaxArchiveEntries)
            {
                sink.AddNotice(NoticeLevel.Warning, origin.Display, $"archive has more than {limits.MaxArchiveEntries} members: the rest were not scanned");
                break;
            }
            if (entry.Length > limits.MaxFileBytes || total + entry.Length > limits.MaxArchiveBytes)
            {
                sink.AddNotice(NoticeLevel.Info, member.Display, $"skipped: {entry.Length} bytes uncompressed is over the archive size limit");
                continue;
            }
            if (entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > limits.MaxCompressionRatio)
            {
                sink.AddNotice(NoticeLevel.Warning, member.Display, $"skipped: compression ratio {entry.Length / entry.CompressedLength}:1 looks like a zip bomb");
                continue;
            }
            try
            {
                using var stream = new BoundedReadStream(entry.Open(), entry.Length);
                total += scanner.Scan(stream, member, sink, cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                sink.AddNotice(NoticeLevel.Warning, member.Display, $"corrupt archive member: {ex.Message}");
            }
        }
        return total;
    }

}

/// <summary>A read-only stream that fails once more bytes arrive than the archive header declared.</summary>
internal sealed class BoundedReadStream(Stream inner, long declaredLength) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _read += read;
        if (_read > declaredLength)
        {
            throw new InvalidDataException($"member is longer than its declared {declaredLength} bytes");
        }
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
