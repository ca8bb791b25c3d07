using System.Text;
using System.Text.Json;

namespace Bulwark.Scanning.Code.Notebooks;

/// <summary>Where a line of the combined notebook code came from: the cell index and the notebook JSON line.</summary>
internal readonly record struct CellLine(int Cell, int JsonLine);

/// <summary>
/// The Python code of a Jupyter notebook: every code cell's source joined into one text (so imports of one
/// cell resolve names in later cells, as the kernel does), with each line mapped back to its cell and to the
/// line of the notebook's JSON holding it. IPython syntax (<c>%magic</c>, <c>!shell</c>, <c>?help</c>) is
/// blanked to <c>pass</c> at the same indentation; cells in another language (%%bash, %%sql, …) are left out.
/// </summary>
internal sealed class NotebookCode(string text, IReadOnlyList<CellLine> lines)
{
    private static readonly HashSet<string> PythonCellMagics = new(StringComparer.Ordinal) { "time", "timeit", "capture", "prun", "debug", "writefile" };

    public string Text { get; } = text;

    /// <summary>Index i holds line i + 1 of <see cref="Text"/>.</summary>
    public IReadOnlyList<CellLine> Lines { get; } = lines;

    public CellLine Locate(int line) => Lines.Count == 0 ? new CellLine(0, 1) : Lines[Math.Clamp(line - 1, 0, Lines.Count - 1)];

    /// <exception cref="JsonException">The notebook is not valid JSON (with its line and position).</exception>
    public static NotebookCode Read(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Skip });
        var text = new StringBuilder();
        var lines = new List<CellLine>();
        var depth = 0;
        var cellIndex = -1;
        string? property = null;
        string? cellType = null;
        var inCells = false;
        var inSource = false;
        var source = new List<(string Value, int Line)>();
        var line = 1;
        long counted = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = ReadString(ref reader, line);
                    continue;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    depth++;
                    if (depth == 2 && property == "cells" && reader.TokenType == JsonTokenType.StartArray)
                    {
                        inCells = true;
                    }
                    else if (inCells && depth == 3 && reader.TokenType == JsonTokenType.StartObject)
                    {
                        cellIndex++;
                        cellType = null;
                        source.Clear();
                    }
                    else if (inCells && depth == 4 && property == "source")
                    {
                        inSource = true;
                    }
                    property = null;
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    if (inCells && depth == 3 && reader.TokenType == JsonTokenType.EndObject && cellType == "code")
                    {
                        AppendCell(text, lines, cellIndex, source);
                    }
                    inSource &= depth != 4;
                    inCells &= depth != 2;
                    depth--;
                    property = null;
                    continue;
                case JsonTokenType.String when inCells && (inSource || (depth == 3 && property is "source" or "cell_type")):
                    var start = (int)reader.TokenStartIndex;
                    line += json[(int)counted..start].Count((byte)'\n');
                    counted = start;
                    var value = ReadString(ref reader, line);
                    if (depth == 3 && property == "cell_type")
                    {
                        cellType = value;
                    }
                    else
                    {
                        source.Add((value, line));
                    }
                    break;
            }
            property = null;
        }
        return new NotebookCode(text.ToString(), lines);
    }

    /// <summary>Strings with invalid UTF-8 are a JSON error too, reported with their line.</summary>
    private static string ReadString(ref Utf8JsonReader reader, int line)
    {
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException($"invalid string: {ex.Message}", path: null, lineNumber: line - 1, bytePositionInLine: 0, ex);
        }
    }

    private static void AppendCell(StringBuilder text, List<CellLine> lines, int cell, List<(string Value, int Line)> source)
    {
        var cellLines = new List<(string Text, int JsonLine)>();
        foreach (var (value, jsonLine) in source)
        {
            // One JSON string may hold several lines (source given as a single string): they share its JSON line.
            foreach (var piece in value.Split('\n'))
            {
                cellLines.Add((piece.TrimEnd('\r'), jsonLine));
            }
            if (value.EndsWith('\n'))
            {
                cellLines.RemoveAt(cellLines.Count - 1);
            }
        }
        if (cellLines.Count == 0)
        {
            return;
        }
        var first = cellLines[0].Text.TrimStart();
        if (first.StartsWith("%%", StringComparison.Ordinal))
        {
            var magic = first[2..].Split(' ', 2)[0];
            if (!PythonCellMagics.Contains(magic))
            {
                return;
            }
            cellLines[0] = ("", cellLines[0].JsonLine);
        }
        foreach (var (code, jsonLine) in cellLines)
        {
            text.Append(IsIPythonLine(code) ? Blank(code) : code).Append('\n');
            lines.Add(new CellLine(cell, jsonLine));
        }
    }

    private static bool IsIPythonLine(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length > 0 && (trimmed[0] is '%' or '!' or '?' || (trimmed.EndsWith('?') && !trimmed.Contains('#')));
    }

    private static string Blank(string line) => line[..(line.Length - line.TrimStart().Length)] + "pass";
}
