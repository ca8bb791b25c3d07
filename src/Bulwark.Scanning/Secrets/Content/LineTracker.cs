namespace Bulwark.Scanning.Secrets.Content;

/// <summary>
/// Turns offsets in a stream of chunks into 1-based line and column numbers, counting newlines once,
/// forward only (matches are visited in order), with vectorised counts.
/// </summary>
internal sealed class LineTracker
{
    private long _chunkBase;
    private int _cursor;
    private int _line = 1;
    private long _lineStartAbsolute;

    /// <summary>Moves the cursor to <paramref name="to"/> in the current chunk.</summary>
    public void Advance(ReadOnlySpan<char> chunk, int to)
    {
        if (to <= _cursor)
        {
            return;
        }
        var span = chunk[_cursor..to];
        var count = span.Count('\n');
        if (count > 0)
        {
            _line += count;
            _lineStartAbsolute = _chunkBase + _cursor + span.LastIndexOf('\n') + 1;
        }
        _cursor = to;
    }

    /// <summary>The chunk's first <paramref name="consumed"/> characters are dropped; offsets shift down.</summary>
    public void Shift(ReadOnlySpan<char> chunk, int consumed)
    {
        Advance(chunk, consumed);
        _chunkBase += consumed;
        _cursor -= consumed;
    }

    /// <summary>Line and column of <paramref name="offset"/>, which must not be before the last position asked.</summary>
    public (int Line, int Column) Position(ReadOnlySpan<char> chunk, int offset)
    {
        Advance(chunk, offset);
        return (_line, (int)Math.Min(int.MaxValue, _chunkBase + offset - _lineStartAbsolute + 1));
    }

    /// <summary>End position of a match that starts at a known position (PEM blocks span lines).</summary>
    public static (int Line, int Column) End(int startLine, int startColumn, ReadOnlySpan<char> match)
    {
        var newlines = match.Count('\n');
        if (newlines == 0)
        {
            return (startLine, startColumn + match.Length);
        }
        return (startLine + newlines, match.Length - match.LastIndexOf('\n'));
    }
}
