using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Bulwark.Ml.Data.Reading;

/// <summary>
/// A streaming RFC 4180 reader: comma-separated, optional double quotes (<c>""</c> inside), fields may span
/// lines, CRLF or LF endings, a UTF-8 BOM skipped, blank lines skipped. The first record is the header; every
/// other record must have as many fields. A stray quote inside an unquoted field is kept as text (as most
/// writers expect). Every record is checked to be valid UTF-8.
/// </summary>
internal sealed class CsvRecordReader : IRecordReader
{
    private static readonly SearchValues<byte> Special = SearchValues.Create(",\"\r\n"u8);
    private static readonly SearchValues<byte> Separators = SearchValues.Create(",\r\n"u8);

    private readonly Stream _stream;
    private readonly DataLimits _limits;
    private readonly string[] _columns;
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _eof;
    private long _nextLine = 1;
    private byte[] _scratch = new byte[4096];
    private int _scratchUsed;
    private Field[] _fields = new Field[64];
    private int _fieldCount;

    public CsvRecordReader(Stream stream, string path, DataLimits limits)
    {
        _stream = stream;
        Path = path;
        _limits = limits;
        Fill();
        if (_end - _start >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _start = 3;
        }
        if (!NextRecord(header: true))
        {
            throw DataReadException.InFile(path, "the file is empty (a CSV file needs a header row)");
        }
        _columns = new string[_fieldCount];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _fieldCount; i++)
        {
            var name = Encoding.UTF8.GetString(Value(i)).Trim();
            if (name.Length == 0)
            {
                throw DataReadException.At(path, Line, i + 1, null, "the header has an empty column name");
            }
            if (!seen.Add(name))
            {
                throw DataReadException.At(path, Line, i + 1, name, "the header names this column twice");
            }
            _columns[i] = name;
        }
    }

    public string Path { get; }

    public IReadOnlyList<string> Columns => _columns;

    public long Line { get; private set; }

    public bool Read()
    {
        if (!NextRecord(header: false))
        {
            return false;
        }
        if (_fieldCount != _columns.Length)
        {
            throw DataReadException.At(Path, Line, 0, null, $"ragged row: the record has {_fieldCount} field(s), the header has {_columns.Length}");
        }
        return true;
    }

    public bool IsMissing(int column) => _fields[column].Length == 0;

    public ReadOnlySpan<byte> Value(int column)
    {
        var field = _fields[column];
        return field.InScratch ? _scratch.AsSpan(field.Start, field.Length) : _buffer.AsSpan(field.Start, field.Length);
    }

    public void Dispose() => _stream.Dispose();

    private bool NextRecord(bool header)
    {
        while (true)
        {
            var final = _eof;
            var outcome = TryParse(final, out var consumed, out var lines);
            if (outcome == Outcome.NeedMore)
            {
                if (_eof && _start == _end)
                {
                    return false;
                }
                Grow();
                continue;
            }
            var recordStart = _start;
            _start = consumed;
            Line = _nextLine;
            _nextLine += lines;
            if (outcome == Outcome.Blank)
            {
                continue;
            }
            Validate(recordStart, consumed, header);
            return true;
        }
    }

    private enum Outcome
    {
        Record,
        Blank,
        NeedMore,
    }

    private Outcome TryParse(bool final, out int consumed, out int lines)
    {
        consumed = _start;
        lines = 0;
        _fieldCount = 0;
        _scratchUsed = 0;
        var p = _start;
        if (p >= _end)
        {
            return Outcome.NeedMore;
        }
        while (true)
        {
            if (_fieldCount == _fields.Length)
            {
                if (_fields.Length > _limits.MaxColumns)
                {
                    throw DataReadException.At(Path, _nextLine + lines, 0, null, $"the record has more than {_limits.MaxColumns} fields");
                }
                Array.Resize(ref _fields, _fields.Length * 2);
            }
            int next;
            if (p < _end && _buffer[p] == (byte)'"')
            {
                var close = FindClosingQuote(p + 1, final, out var escaped);
                if (close < 0)
                {
                    if (final)
                    {
                        throw DataReadException.At(Path, _nextLine + lines, _fieldCount + 1, ColumnName(_fieldCount), "a quoted field is never closed");
                    }
                    return Outcome.NeedMore;
                }
                var content = _buffer.AsSpan(p + 1, close - p - 1);
                CheckSize(content.Length, lines);
                lines += content.Count((byte)'\n');
                _fields[_fieldCount++] = escaped ? Unescape(content) : new Field(p + 1, content.Length, false);
                next = close + 1;
                if (next < _end && _buffer[next] is not ((byte)',' or (byte)'\r' or (byte)'\n'))
                {
                    throw DataReadException.At(Path, _nextLine + lines, _fieldCount, ColumnName(_fieldCount - 1), "unexpected text after the closing quote of a quoted field");
                }
            }
            else
            {
                var rest = _buffer.AsSpan(p, _end - p);
                var at = rest.IndexOfAny(Special);
                if (at >= 0 && rest[at] == (byte)'"')
                {
                    var after = rest[at..].IndexOfAny(Separators);
                    at = after < 0 ? -1 : at + after;
                }
                if (at < 0)
                {
                    CheckSize(rest.Length, lines);
                    if (!final)
                    {
                        return Outcome.NeedMore;
                    }
                    at = rest.Length;
                }
                CheckSize(at, lines);
                _fields[_fieldCount++] = new Field(p, at, false);
                next = p + at;
            }
            if (next >= _end)
            {
                if (!final)
                {
                    return Outcome.NeedMore;
                }
                consumed = _end;
                lines++;
                return Finish();
            }
            if (_buffer[next] == (byte)',')
            {
                p = next + 1;
                continue;
            }
            if (_buffer[next] == (byte)'\r')
            {
                if (next + 1 >= _end && !final)
                {
                    return Outcome.NeedMore;
                }
                consumed = next + 1 < _end && _buffer[next + 1] == (byte)'\n' ? next + 2 : next + 1;
            }
            else
            {
                consumed = next + 1;
            }
            lines++;
            return Finish();
        }

        Outcome Finish() => _fieldCount == 1 && _fields[0].Length == 0 && _buffer[_start] != (byte)'"' ? Outcome.Blank : Outcome.Record;
    }

    /// <summary>The index of the closing quote, or -1 when more data is needed (or the file ended first).</summary>
    private int FindClosingQuote(int from, bool final, out bool escaped)
    {
        escaped = false;
        var q = from;
        while (true)
        {
            var idx = _buffer.AsSpan(q, _end - q).IndexOf((byte)'"');
            if (idx < 0)
            {
                return -1;
            }
            q += idx;
            if (q + 1 >= _end)
            {
                return final ? q : -1;
            }
            if (_buffer[q + 1] != (byte)'"')
            {
                return q;
            }
            escaped = true;
            q += 2;
        }
    }

    private Field Unescape(ReadOnlySpan<byte> content)
    {
        if (_scratch.Length - _scratchUsed < content.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchUsed + content.Length));
        }
        var start = _scratchUsed;
        for (var i = 0; i < content.Length; i++)
        {
            _scratch[_scratchUsed++] = content[i];
            if (content[i] == (byte)'"')
            {
                i++;
            }
        }
        return new Field(start, _scratchUsed - start, true);
    }

    private void CheckSize(int length, int lines)
    {
        if (length > _limits.MaxFieldBytes)
        {
            throw DataReadException.At(Path, _nextLine + lines, _fieldCount + 1, ColumnName(_fieldCount), $"the field is larger than {_limits.MaxFieldBytes:N0} bytes");
        }
    }

    private void Validate(int recordStart, int recordEnd, bool header)
    {
        if (Utf8.IsValid(_buffer.AsSpan(recordStart, recordEnd - recordStart)))
        {
            return;
        }
        for (var i = 0; i < _fieldCount; i++)
        {
            var value = Value(i);
            if (!Utf8.IsValid(value))
            {
                var bad = Utf8Check.FirstInvalid(value);
                throw DataReadException.At(Path, Line, i + 1, header ? null : ColumnName(i), $"invalid UTF-8 at byte {bad + 1} of the field");
            }
        }
        throw DataReadException.At(Path, Line, 0, null, "invalid UTF-8");
    }

    private string? ColumnName(int index) => _columns is not null && index < _columns.Length ? _columns[index] : null;

    private void Grow()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= _limits.MaxRecordBytes)
            {
                throw DataReadException.At(Path, _nextLine, 0, null, $"the record is larger than {_limits.MaxRecordBytes:N0} bytes");
            }
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, _limits.MaxRecordBytes));
        }
        Fill();
    }

    private void Fill()
    {
        while (_end < _buffer.Length)
        {
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
                return;
            }
            _end += read;
        }
    }

    private readonly record struct Field(int Start, int Length, bool InScratch);
}
