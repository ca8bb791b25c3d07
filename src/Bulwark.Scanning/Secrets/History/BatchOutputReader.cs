using System.Text;

namespace Bulwark.Scanning.Secrets.History;

/// <summary>
/// Reads <c>git cat-file --batch</c> replies — a header line, then exactly the announced number of content
/// bytes and a newline — from stdout as bytes. Content is never decoded here: blobs are arbitrary binary.
/// Every method reports the end of the stream (git died) as false or null instead of throwing.
/// </summary>
internal sealed class BatchOutputReader(Stream stream)
{
    /// <summary>A reply header is "&lt;id&gt; &lt;type&gt; &lt;size&gt;"; anything longer means the stream is out of step.</summary>
    private const int MaxHeaderBytes = 512;

    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _position;
    private int _length;

    /// <summary>Reads a header line without its newline; null at the end of the stream.</summary>
    /// <exception cref="InvalidDataException">No newline within 512 bytes.</exception>
    public async ValueTask<string?> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_position, _length - _position).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _position, newline);
                _position += newline + 1;
                return line;
            }
            if (_length - _position >= MaxHeaderBytes)
            {
                throw new InvalidDataException("git cat-file replied with a header longer than 512 bytes");
            }
            if (!await FillAsync(cancellationToken))
            {
                return null;
            }
        }
    }

    /// <summary>Fills <paramref name="destination"/>; false if the stream ends first.</summary>
    public async ValueTask<bool> ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var buffered = Math.Min(destination.Length, _length - _position);
        _buffer.AsMemory(_position, buffered).CopyTo(destination);
        _position += buffered;
        destination = destination[buffered..];
        // Large blobs go straight from the pipe into their own buffer, not through ours.
        while (destination.Length > 0)
        {
            var read = await stream.ReadAsync(destination, cancellationToken);
            if (read == 0)
            {
                return false;
            }
            destination = destination[read..];
        }
        return true;
    }

    /// <summary>Reads and drops <paramref name="count"/> bytes in blocks; false if the stream ends first.</summary>
    public async ValueTask<bool> SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_position == _length && !await FillAsync(cancellationToken))
            {
                return false;
            }
            var take = (int)Math.Min(count, _length - _position);
            _position += take;
            count -= take;
        }
        return true;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_position > 0)
        {
            _buffer.AsSpan(_position, _length - _position).CopyTo(_buffer);
            _length -= _position;
            _position = 0;
        }
        var read = await stream.ReadAsync(_buffer.AsMemory(_length), cancellationToken);
        _length += read;
        return read > 0;
    }
}
