using Bulwark.Ml.ModelFiles;
namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// An archive member as handed to the nested format: at most <see cref="Length"/> bytes of the inner stream
/// (a window or a decompressor). It computes the CRC-32 of the bytes read from offset 0 onwards, as long as
/// reads stay contiguous, so a member read to the end (a pickle) is checked and a member read only for
/// sniffing (a tensor) costs no hashing beyond its head.
/// </summary>
internal sealed class MemberStream(Stream inner, long length) : ReadOnlyStream
{
    private long _position;
    private long _hashed;
    private uint _crc;
    private bool _disposed;

    /// <summary>True once every byte of the member has gone through the CRC.</summary>
    public bool Complete => _hashed == length;

    public uint Crc => _crc;

    /// <summary>True when a decompressor produced more bytes than the declared size (checked at the end only).</summary>
    public bool Overflowed { get; private set; }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed && inner.CanSeek;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set
        {
            if (!inner.CanSeek)
            {
                throw new NotSupportedException();
            }
            inner.Position = value;
            _position = value;
        }
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
        var read = inner.Read(buffer);
        if (read > 0 && _position <= _hashed && _position + read > _hashed)
        {
            var skip = (int)(_hashed - _position);
            _crc = Crc32.Append(_crc, buffer[skip..read]);
            _hashed = _position + read;
        }
        _position += read;
        if (_position == length && !inner.CanSeek)
        {
            Span<byte> probe = stackalloc byte[1];
            Overflowed = inner.Read(probe) > 0;
        }
        return read;
    }

    /// <summary>Reads what is left when it is at most <paramref name="maxRemaining"/> bytes, so small members get their CRC checked.</summary>
    public void CompleteIfSmall(long maxRemaining)
    {
        if (_disposed || Complete || length - _hashed > maxRemaining || (!inner.CanSeek && _position != _hashed))
        {
            return;
        }
        if (inner.CanSeek)
        {
            Position = _hashed;
        }
        var buffer = new byte[8192];
        while (Read(buffer) > 0)
        {
        }
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

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }
}
