namespace Bulwark.Ml.Data.Reading;

/// <summary>Reads a stream as LF-terminated lines (a trailing CR dropped), skipping blank ones, with a line-length limit.</summary>
internal sealed class LineSource(Stream stream, string path, int maxLineBytes) : IDisposable
{
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _eof;
    private long _line;

    /// <exception cref="DataReadException">A line is longer than the limit.</exception>
    public bool Next(out ReadOnlyMemory<byte> line, out long number)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline < 0 && !_eof)
            {
                Refill();
                continue;
            }
            if (newline < 0 && _start == _end)
            {
                line = default;
                number = _line;
                return false;
            }
            var length = newline < 0 ? _end - _start : newline;
            var content = _buffer.AsMemory(_start, length);
            _start += newline < 0 ? length : length + 1;
            _line++;
            if (content.Length > 0 && content.Span[^1] == (byte)'\r')
            {
                content = content[..^1];
            }
            if (_line == 1 && content.Span.StartsWith("\uFEFF"u8))
            {
                content = content[3..];
            }
            if (content.Span.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }
            line = content;
            number = _line;
            return true;
        }
    }

    public void Rewind()
    {
        stream.Seek(0, SeekOrigin.Begin);
        _start = _end = 0;
        _eof = false;
        _line = 0;
    }

    public void Dispose() => stream.Dispose();

    private void Refill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= maxLineBytes)
            {
                throw DataReadException.At(path, _line + 1, 0, null, $"the line is longer than {maxLineBytes:N0} bytes");
            }
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, maxLineBytes));
        }
        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }
        _end += read;
    }
}
