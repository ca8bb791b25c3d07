namespace Bulwark.Scanning.Tests.Secrets;

/// <summary>A read-only stream of a pattern repeated up to a length, then a tail: huge inputs without huge memory.</summary>
internal sealed class RepeatingStream(byte[] pattern, long length, byte[] tail) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length + tail.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < Length)
        {
            ReadOnlySpan<byte> source = _position < length
                ? pattern.AsSpan((int)(_position % pattern.Length))[..(int)Math.Min(pattern.Length - _position % pattern.Length, length - _position)]
                : tail.AsSpan((int)(_position - length));
            var count = Math.Min(source.Length, buffer.Length - written);
            source[..count].CopyTo(buffer[written..]);
            written += count;
            _position += count;
        }
        return written;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
