using System.Buffers;
using System.Runtime.CompilerServices;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// Forward-only buffered reader over a pickle stream. Tracks the absolute offset, stops at a byte budget, and
/// never allocates a declared length: large payloads are skipped through the pooled buffer.
/// </summary>
internal sealed class PickleReader : IDisposable
{
    private const int BufferSize = 1 << 16;

    /// <summary>Bytes already read that stay buffered when the buffer is refilled (see <see cref="TryLookBack"/>).</summary>
    private const int History = 1 << 12;

    /// <summary>Longest line returned whole (protocol 0 arguments); longer ones are clipped to this.</summary>
    public const int MaxLine = 1 << 14;

    private readonly Stream _stream;
    private readonly long _limit;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _position;
    private int _end;
    private long _bufferStart;
    private bool _eof;
    private byte[]? _spill;

    /// <param name="stream">The content, at its first byte.</param>
    /// <param name="startOffset">Offset of the stream's first byte in the file (for locations).</param>
    /// <param name="maxBytes">Bytes that may be read before the reader reports the end.</param>
    public PickleReader(Stream stream, long startOffset, long maxBytes)
    {
        _stream = stream;
        _bufferStart = startOffset;
        _limit = startOffset + maxBytes;
    }

    /// <summary>Offset of the next byte.</summary>
    public long Offset => _bufferStart + _position;

    /// <summary>Why the underlying stream stopped early (a corrupt compressed member), or null.</summary>
    public string? ReadError { get; private set; }

    /// <summary>True once reading stopped at the byte budget rather than at the real end.</summary>
    public bool LimitReached { get; private set; }

    // The two readers below run for nearly every opcode: their buffered path is small enough to inline.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadByte(out byte value)
    {
        var position = _position;
        if (position < _end)
        {
            value = _buffer[position];
            _position = position + 1;
            return true;
        }
        return TryReadByteFilled(out value);
    }

    /// <summary>Reads exactly <paramref name="count"/> (at most the buffer size) bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead(int count, out ReadOnlySpan<byte> bytes)
    {
        var position = _position;
        if (_end - position >= count)
        {
            bytes = _buffer.AsSpan(position, count);
            _position = position + count;
            return true;
        }
        return TryReadFilled(count, out bytes);
    }

    private bool TryReadByteFilled(out byte value)
    {
        if (!Fill(1))
        {
            value = 0;
            return false;
        }
        value = _buffer[_position++];
        return true;
    }

    private bool TryReadFilled(int count, out ReadOnlySpan<byte> bytes)
    {
        if (!Fill(count))
        {
            bytes = default;
            return false;
        }
        bytes = _buffer.AsSpan(_position, count);
        _position += count;
        return true;
    }

    /// <summary>
    /// Reads a line up to (not including) '\n'. Lines longer than <see cref="MaxLine"/> are consumed whole but only
    /// their start is returned (<paramref name="clipped"/>). False at the end of the stream without a newline.
    /// </summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out bool clipped)
    {
        clipped = false;
        var scanned = 0;
        while (true)
        {
            var index = _buffer.AsSpan(_position + scanned, _end - _position - scanned).IndexOf((byte)'\n');
            if (index >= 0)
            {
                line = _buffer.AsSpan(_position, scanned + index);
                _position += scanned + index + 1;
                return true;
            }
            scanned = _end - _position;
            if (scanned >= MaxLine)
            {
                return TryReadLongLine(out line, out clipped);
            }
            if (!Fill(scanned + 1))
            {
                line = default;
                return false;
            }
        }
    }

    /// <summary>
    /// The unread buffered bytes, refilled first when fewer than <paramref name="count"/> (at most the buffer size) are
    /// buffered: shorter only at the end of the stream. Consume them with <see cref="Advance"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Window(int count)
    {
        if (_end - _position < count)
        {
            Fill(count);
        }
        return _buffer.AsSpan(_position, _end - _position);
    }

    /// <summary>Consumes <paramref name="count"/> bytes of the last <see cref="Window"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count) => _position += count;

    /// <summary>Up to <paramref name="count"/> (at most the buffer size) upcoming bytes, without consuming them.</summary>
    public ReadOnlySpan<byte> Peek(int count)
    {
        if (_end - _position < count)
        {
            Fill(count);
        }
        return _buffer.AsSpan(_position, Math.Min(count, _end - _position));
    }

    /// <summary>
    /// The <paramref name="length"/> bytes at <paramref name="offset"/> when they are still buffered: always the last
    /// <see cref="History"/> bytes read, and the current window. The data pass reads a STACK_GLOBAL's operands here.
    /// </summary>
    public bool TryLookBack(long offset, int length, out ReadOnlySpan<byte> bytes)
    {
        var at = offset - _bufferStart;
        if (at < 0 || length < 0 || at + length > _end)
        {
            bytes = default;
            return false;
        }
        bytes = _buffer.AsSpan((int)at, length);
        return true;
    }

    /// <summary>
    /// Consumes <paramref name="count"/> bytes, copying the first <paramref name="keep"/>.Length of them into
    /// <paramref name="keep"/>. Returns the bytes actually consumed (less than asked at the end of the stream).
    /// </summary>
    public long Skip(long count, Span<byte> keep)
    {
        long done = 0;
        while (done < count)
        {
            if (_position == _end && !Fill(1))
            {
                break;
            }
            var chunk = (int)Math.Min(count - done, _end - _position);
            if (done < keep.Length)
            {
                var copy = (int)Math.Min(chunk, keep.Length - done);
                _buffer.AsSpan(_position, copy).CopyTo(keep[(int)done..]);
            }
            _position += chunk;
            done += chunk;
        }
        return done;
    }

    private bool TryReadLongLine(out ReadOnlySpan<byte> line, out bool clipped)
    {
        _spill ??= new byte[MaxLine];
        _buffer.AsSpan(_position, MaxLine).CopyTo(_spill);
        _position += MaxLine;
        clipped = true;
        line = _spill;
        while (true)
        {
            var index = _buffer.AsSpan(_position, _end - _position).IndexOf((byte)'\n');
            if (index >= 0)
            {
                _position += index + 1;
                return true;
            }
            _position = _end;
            if (!Fill(1))
            {
                return false;
            }
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>Makes at least <paramref name="count"/> unread bytes available (count ≤ buffer size); false at the end.</summary>
    private bool Fill(int count)
    {
        if (count > BufferSize)
        {
            return false;
        }
        if (_position + count > _buffer.Length)
        {
            // The unread bytes move to the front, after the last bytes read (kept for TryLookBack).
            var kept = Math.Min(_position, Math.Min(History, _buffer.Length - count));
            var from = _position - kept;
            _buffer.AsSpan(from, _end - from).CopyTo(_buffer);
            _bufferStart += from;
            _position = kept;
            _end -= from;
        }
        while (_end - _position < count && !_eof)
        {
            var room = (int)Math.Min(_buffer.Length - _end, _limit - (_bufferStart + _end));
            if (room <= 0)
            {
                LimitReached = true;
                _eof = true;
                break;
            }
            int read;
            try
            {
                read = _stream.Read(_buffer, _end, room);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                // What was read so far is still analyzed; the machine reports the stream as cut here.
                ReadError = ex.Message;
                read = 0;
            }
            if (read == 0)
            {
                _eof = true;
                break;
            }
            _end += read;
        }
        return _end - _position >= count;
    }
}
