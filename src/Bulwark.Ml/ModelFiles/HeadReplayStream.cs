namespace Bulwark.Ml.ModelFiles;

/// <summary>A forward-only stream that yields bytes already read for sniffing, then the rest of the source.</summary>
internal sealed class HeadReplayStream(byte[] head, Stream rest) : ReadOnlyStream
{
    private int _headPosition;
    private long _position;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        if (_headPosition < head.Length)
        {
            read = Math.Min(buffer.Length, head.Length - _headPosition);
            head.AsSpan(_headPosition, read).CopyTo(buffer);
            _headPosition += read;
        }
        else
        {
            read = rest.Read(buffer);
        }
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rest.Dispose();
        }
        base.Dispose(disposing);
    }
}
