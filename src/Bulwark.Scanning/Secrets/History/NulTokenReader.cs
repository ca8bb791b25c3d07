namespace Bulwark.Scanning.Secrets.History;

/// <summary>
/// Splits a binary stream into NUL-terminated tokens without holding more than one token (and a 64 KiB
/// read-ahead) in memory: git's <c>-z</c> output for a large history is hundreds of megabytes.
/// </summary>
internal sealed class NulTokenReader(Stream stream)
{
    /// <summary>No path, name or header in git output is legitimately this long.</summary>
    internal const int MaxTokenBytes = 1 << 20;

    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _scanned;
    private int _end;
    private bool _endOfStream;

    /// <summary>The token just read, without its NUL. Valid until the next call to <see cref="ReadAsync"/>.</summary>
    public ReadOnlyMemory<byte> Current { get; private set; }

    /// <summary>Reads the next token; false at the end of the stream.</summary>
    /// <exception cref="InvalidDataException">A token is longer than <see cref="MaxTokenBytes"/>.</exception>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var nul = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)0);
            if (nul >= 0)
            {
                var tokenEnd = _scanned + nul;
                Current = _buffer.AsMemory(_start, tokenEnd - _start);
                _start = _scanned = tokenEnd + 1;
                return true;
            }
            _scanned = _end;
            if (_endOfStream)
            {
                // A final token without its NUL: git was cut off mid-output.
                Current = _buffer.AsMemory(_start, _end - _start);
                _start = _scanned = _end;
                return Current.Length > 0;
            }
            MakeRoom();
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                _endOfStream = true;
            }
            _end += read;
        }
    }

    private void MakeRoom()
    {
        if (_end < _buffer.Length)
        {
            return;
        }
        var pending = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }
        else
        {
            if (_buffer.Length >= MaxTokenBytes)
            {
                throw new InvalidDataException($"git printed a field longer than {MaxTokenBytes} bytes");
            }
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        _scanned -= _start;
        _start = 0;
        _end = pending;
    }
}
