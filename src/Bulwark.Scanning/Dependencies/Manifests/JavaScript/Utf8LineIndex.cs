namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>
/// Maps byte offsets of a UTF-8 document to 1-based lines and columns. System.Text.Json reports only byte
/// offsets (<c>TokenStartIndex</c>), so JSON parsers translate them here; columns count characters, not bytes.
/// </summary>
internal sealed class Utf8LineIndex
{
    private readonly byte[] _utf8;
    private readonly int[] _lineStarts;

    public Utf8LineIndex(byte[] utf8)
    {
        _utf8 = utf8;
        var starts = new List<int> { 0 };
        var span = utf8.AsSpan();
        var offset = 0;
        int newline;
        while ((newline = span[offset..].IndexOf((byte)'\n')) >= 0)
        {
            offset += newline + 1;
            starts.Add(offset);
        }
        _lineStarts = [.. starts];
    }

    /// <summary>Byte offset where the 0-based <paramref name="line"/> starts (clamped to the document).</summary>
    public long LineStart(long line) => _lineStarts[(int)Math.Clamp(line, 0, _lineStarts.Length - 1)];

    public (int Line, int Column) Position(long offset)
    {
        var clamped = (int)Math.Clamp(offset, 0, _utf8.Length);
        var line = Array.BinarySearch(_lineStarts, clamped);
        if (line < 0)
        {
            line = ~line - 1;
        }
        var column = 1;
        for (var i = _lineStarts[line]; i < clamped; i++)
        {
            // Continuation bytes (10xxxxxx) belong to the character before them.
            if ((_utf8[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }
        return (line + 1, column);
    }
}
