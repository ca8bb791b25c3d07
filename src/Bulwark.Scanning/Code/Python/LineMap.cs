namespace Bulwark.Scanning.Code.Python;

/// <summary>Maps offsets in a source text to 1-based lines and columns (columns count UTF-16 code units).</summary>
internal sealed class LineMap
{
    private readonly int[] _starts;

    public LineMap(ReadOnlySpan<char> text)
    {
        var starts = new List<int>(text.Length / 32 + 1) { 0 };
        var offset = 0;
        while (true)
        {
            var next = text[offset..].IndexOfAny('\n', '\r');
            if (next < 0)
            {
                break;
            }
            offset += next;
            offset += text[offset] == '\r' && offset + 1 < text.Length && text[offset + 1] == '\n' ? 2 : 1;
            starts.Add(offset);
        }
        _starts = [.. starts];
    }

    public int LineCount => _starts.Length;

    public (int Line, int Column) Position(int offset)
    {
        var index = Array.BinarySearch(_starts, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }
        return (index + 1, offset - _starts[index] + 1);
    }

    public int LineStart(int line) => _starts[Math.Clamp(line - 1, 0, _starts.Length - 1)];
}
