using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Bulwark.Ml.Data.Reading;

/// <summary>
/// JSON Lines: one JSON object per line, blank lines skipped. The columns are the keys of the first
/// <see cref="DataLimits.InferenceRows"/> records in order of appearance; a key first seen later is counted in
/// <see cref="IgnoredKeys"/> and left out. Strings are unescaped; numbers keep their JSON text; true/false become
/// text; null is missing; a nested object or array is kept as its JSON text.
/// </summary>
internal sealed class JsonLinesRecordReader : IRecordReader
{
    private static readonly byte[] True = "true"u8.ToArray();
    private static readonly byte[] False = "false"u8.ToArray();

    private readonly LineSource _lines;
    private readonly DataLimits _limits;
    private readonly string[] _columns;
    private readonly byte[][] _names;
    private readonly Dictionary<string, int> _index;
    private readonly Slot[] _slots;
    private readonly HashSet<string> _ignored = new(StringComparer.Ordinal);
    private byte[] _scratch = new byte[4096];
    private int _scratchUsed;
    private ReadOnlyMemory<byte> _line;

    public JsonLinesRecordReader(Stream stream, string path, DataLimits limits)
    {
        Path = path;
        _limits = limits;
        _lines = new LineSource(stream, path, limits.MaxRecordBytes);
        var columns = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var records = 0;
        while (records < limits.InferenceRows && _lines.Next(out var line, out var number))
        {
            records++;
            foreach (var key in Keys(line, number))
            {
                if (known.Add(key))
                {
                    if (columns.Count >= limits.MaxColumns)
                    {
                        throw DataReadException.At(path, number, 0, null, $"the records have more than {limits.MaxColumns} keys");
                    }
                    columns.Add(key);
                }
            }
        }
        if (records == 0)
        {
            throw DataReadException.InFile(path, "the file is empty (no JSON records)");
        }
        _lines.Rewind();
        _columns = [.. columns];
        _names = [.. columns.Select(Encoding.UTF8.GetBytes)];
        _index = columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        _slots = new Slot[columns.Count];
    }

    public string Path { get; }

    public IReadOnlyList<string> Columns => _columns;

    public long Line { get; private set; }

    /// <summary>Keys seen after the column set was fixed (at most 100 are remembered).</summary>
    public IReadOnlyCollection<string> IgnoredKeys => _ignored;

    public bool Read()
    {
        if (!_lines.Next(out var line, out var number))
        {
            return false;
        }
        Line = number;
        _line = line;
        Array.Clear(_slots);
        _scratchUsed = 0;
        Parse(line.Span, number);
        return true;
    }

    public bool IsMissing(int column) => _slots[column].Kind == SlotKind.Missing;

    public ReadOnlySpan<byte> Value(int column)
    {
        var slot = _slots[column];
        return slot.Kind switch
        {
            SlotKind.Line => _line.Span.Slice(slot.Start, slot.Length),
            SlotKind.Scratch => _scratch.AsSpan(slot.Start, slot.Length),
            SlotKind.True => True,
            SlotKind.False => False,
            _ => [],
        };
    }

    public void Dispose() => _lines.Dispose();

    private void Parse(ReadOnlySpan<byte> line, long number)
    {
        var reader = Start(line, number);
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = Lookup(ref reader);
                var nameColumn = (int)reader.TokenStartIndex + 1;
                reader.Read();
                if (column < 0)
                {
                    reader.Skip();
                    continue;
                }
                if (_slots[column].Seen)
                {
                    throw DataReadException.At(Path, number, nameColumn, _columns[column], "the record has this key twice");
                }
                _slots[column] = Capture(ref reader, line, number, column);
            }
            if (reader.Read())
            {
                throw DataReadException.At(Path, number, (int)reader.TokenStartIndex + 1, null, "text after the end of the JSON object");
            }
        }
        catch (JsonException ex)
        {
            throw DataReadException.At(Path, number, (int)(ex.BytePositionInLine ?? 0) + 1, null, "invalid JSON: " + FirstSentence(ex.Message));
        }
    }

    private Utf8JsonReader Start(ReadOnlySpan<byte> line, long number)
    {
        if (!Utf8.IsValid(line))
        {
            throw DataReadException.At(Path, number, Utf8Check.FirstInvalid(line) + 1, null, "invalid UTF-8");
        }
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw DataReadException.At(Path, number, 1, null, "each line must be a JSON object");
            }
        }
        catch (JsonException ex)
        {
            throw DataReadException.At(Path, number, (int)(ex.BytePositionInLine ?? 0) + 1, null, "invalid JSON: " + FirstSentence(ex.Message));
        }
        return reader;
    }

    private int Lookup(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            for (var i = 0; i < _names.Length; i++)
            {
                if (reader.ValueSpan.SequenceEqual(_names[i]))
                {
                    return i;
                }
            }
        }
        var name = reader.GetString()!;
        if (_index.TryGetValue(name, out var index))
        {
            return index;
        }
        if (_ignored.Count < 100)
        {
            _ignored.Add(name);
        }
        return -1;
    }

    private Slot Capture(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, long number, int column)
    {
        var start = (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (reader.ValueSpan.Length > _limits.MaxFieldBytes)
                {
                    throw DataReadException.At(Path, number, start + 1, _columns[column], $"the value is larger than {_limits.MaxFieldBytes:N0} bytes");
                }
                if (!reader.ValueIsEscaped)
                {
                    return new Slot(SlotKind.Line, start + 1, reader.ValueSpan.Length, true);
                }
                EnsureScratch(reader.ValueSpan.Length);
                var written = reader.CopyString(_scratch.AsSpan(_scratchUsed));
                var slot = new Slot(SlotKind.Scratch, _scratchUsed, written, true);
                _scratchUsed += written;
                return slot;
            case JsonTokenType.Number:
                return new Slot(SlotKind.Line, start, reader.ValueSpan.Length, true);
            case JsonTokenType.True:
                return new Slot(SlotKind.True, 0, 0, true);
            case JsonTokenType.False:
                return new Slot(SlotKind.False, 0, 0, true);
            case JsonTokenType.Null:
                return new Slot(SlotKind.Missing, 0, 0, true);
            default:
                reader.Skip();
                var end = (int)reader.BytesConsumed;
                return new Slot(SlotKind.Line, start, end - start, true);
        }
    }

    private void EnsureScratch(int length)
    {
        if (_scratch.Length - _scratchUsed < length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchUsed + length));
        }
    }

    private List<string> Keys(ReadOnlyMemory<byte> line, long number)
    {
        var keys = new List<string>();
        var reader = Start(line.Span, number);
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                keys.Add(reader.GetString()!);
                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException ex)
        {
            throw DataReadException.At(Path, number, (int)(ex.BytePositionInLine ?? 0) + 1, null, "invalid JSON: " + FirstSentence(ex.Message));
        }
        return keys;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private enum SlotKind : byte
    {
        Missing,
        Line,
        Scratch,
        True,
        False,
    }

    private readonly record struct Slot(SlotKind Kind, int Start, int Length, bool Seen);
}
