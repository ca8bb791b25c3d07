namespace Bulwark.Scanning.Dependencies.Manifests.DotNet;

/// <summary>Maps 1-based lines and columns of a string to character offsets and back.</summary>
internal sealed class TextLineIndex
{
    private readonly int[] _lineStarts;

    public TextLineIndex(string text)
    {
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = text.IndexOf('\n', StringComparison.Ordinal); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            starts.Add(i + 1);
        }
        _lineStarts = [.. starts];
    }

    public string Text { get; }

    /// <summary>The offset of a 1-based position, clamped to the text.</summary>
    public int Offset(int line, int column)
    {
        var start = _lineStarts[Math.Clamp(line - 1, 0, _lineStarts.Length - 1)];
        return Math.Clamp(start + column - 1, 0, Text.Length);
    }

    public (int Line, int Column) Position(int offset)
    {
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }
        return (line + 1, offset - _lineStarts[line] + 1);
    }
}
