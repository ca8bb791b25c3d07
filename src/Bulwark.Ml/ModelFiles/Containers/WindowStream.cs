using Bulwark.Ml.ModelFiles;
namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// A read-only, seekable view of <c>[start, start + length)</c> of a seekable stream, without copying: stored
/// archive members are scanned in place, so a 2 GB tensor costs nothing unless someone reads it. The base
/// stream is shared by all windows of one scan (single-threaded) and positioned before every read.
/// </summary>
internal sealed class WindowStream(Stream source, long start, long length) : ReadOnlyStream
{
    private long _position;

    public override bool CanSeek => true;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var remaining = length - _position;
        if (remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }
        if (buffer.Length > remaining)
        {
            buffer = buffer[..(int)remaining];
        }
        source.Position = start + _position;
        var read = source.Read(buffer);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        return _position;
    }
}
