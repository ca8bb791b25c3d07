using System.Text;
using System.Text.Json;

namespace Bulwark.Scanning.Secrets.Content;

/// <summary>
/// The text of one Jupyter notebook cell — its source and its outputs — with a map from each piece back to
/// the line of the notebook's JSON it came from, so findings point at the file a reviewer opens.
/// </summary>
internal sealed class NotebookCell(int index)
{
    private readonly StringBuilder _text = new();
    private readonly List<(int TextStart, int JsonLine, int JsonColumn, string Part)> _segments = [];

    public int Index { get; } = index;

    public string Text => _text.ToString();

    public void Append(string value, int jsonLine, int jsonColumn, string part)
    {
        _segments.Add((_text.Length, jsonLine, jsonColumn, part));
        _text.Append(value);
        if (!value.EndsWith('\n'))
        {
            _text.Append('\n');
        }
    }

    /// <summary>JSON line and column for an offset in <see cref="Text"/>, and whether it is source or output.</summary>
    public (int Line, int Column, string Part) Locate(int offset)
    {
        var low = 0;
        var high = _segments.Count - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (_segments[mid].TextStart <= offset)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        var segment = _segments[low];
        // +1 skips the opening quote; escapes inside the string make this approximate, the line is exact.
        return (segment.JsonLine, segment.JsonColumn + 1 + offset - segment.TextStart, segment.Part);
    }
}

/// <summary>Reads a notebook's cells with Utf8JsonReader, bounded in depth, tracking JSON line numbers.</summary>
internal static class NotebookReader
{
    /// <exception cref="JsonException">The notebook is not valid JSON.</exception>
    public static List<NotebookCell> Read(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Skip });
        var cells = new List<NotebookCell>();
        var path = new List<string?>();
        NotebookCell? cell = null;
        var cellDepth = -1;
        var line = 1;
        long counted = 0;
        long lineStart = 0;
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = ReadString(ref reader, line, column: 1);
                    continue;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    path.Add(property);
                    if (cell is null && reader.TokenType == JsonTokenType.StartObject && path.Count >= 2 && path[^2] == "cells")
                    {
                        cell = new NotebookCell(cells.Count);
                        cellDepth = path.Count;
                        cells.Add(cell);
                    }
                    property = null;
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    if (cell is not null && path.Count == cellDepth)
                    {
                        cell = null;
                    }
                    path.RemoveAt(path.Count - 1);
                    property = null;
                    continue;
                case JsonTokenType.String when cell is not null:
                    var start = reader.TokenStartIndex;
                    var skipped = json[(int)counted..(int)start];
                    var newlines = skipped.Count((byte)'\n');
                    if (newlines > 0)
                    {
                        line += newlines;
                        lineStart = counted + skipped.LastIndexOf((byte)'\n') + 1;
                    }
                    counted = start;
                    var column = (int)(start - lineStart) + 1;
                    var part = Part(path, property);
                    if (part is not null)
                    {
                        cell.Append(ReadString(ref reader, line, column), line, column, part);
                    }
                    break;
            }
            property = null;
        }
        return cells;
    }

    /// <summary>Strings with invalid UTF-8 are a JSON error too, reported with their position.</summary>
    private static string ReadString(ref Utf8JsonReader reader, int line, int column)
    {
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException(ex.Message, path: null, lineNumber: line - 1, bytePositionInLine: column - 1, ex);
        }
    }

    /// <summary>Which part of a cell a string belongs to; null for base64 media that cannot hold text secrets.</summary>
    private static string? Part(List<string?> path, string? property)
    {
        var key = property ?? path[^1];
        if (key is not null && (key.StartsWith("image/", StringComparison.Ordinal) || key.StartsWith("video/", StringComparison.Ordinal) || key == "application/pdf"))
        {
            return null;
        }
        return path.Contains("outputs") ? "output" : path.Contains("metadata") ? "metadata" : "source";
    }
}
