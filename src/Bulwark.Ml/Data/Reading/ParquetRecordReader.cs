using System.Buffers.Binary;
using Parquet;
using Parquet.Schema;

namespace Bulwark.Ml.Data.Reading;

/// <summary>
/// Parquet through Parquet.Net, one row group at a time: memory is bounded by the largest row group (refused above
/// <see cref="DataLimits.MaxRowGroupBytes"/> uncompressed or <see cref="DataLimits.MaxRowGroupCells"/> cells).
/// The columns are the flat top-level fields; nested ones (lists, maps, structs) and value types without a text
/// form are skipped and named in <see cref="SkippedColumns"/>. <see cref="Line"/> is the 1-based row number.
/// Anything Parquet.Net throws on a damaged file becomes a <see cref="DataReadException"/> naming the file.
/// </summary>
internal sealed class ParquetRecordReader : IRecordReader
{
    /// <summary>The Thrift footer of a real file is kilobytes to a few megabytes; a larger claim is damage.</summary>
    private const int MaxFooterBytes = 64 << 20;

    private readonly ParquetReader _reader;
    private readonly DataLimits _limits;
    private readonly DataField[] _fields;
    private readonly string[] _columns;
    private readonly List<string> _skipped = [];
    private readonly byte[][] _buffers;
    private readonly int[] _lengths;
    private readonly long[] _formattedAt;
    private ParquetColumn[] _group = [];
    private readonly List<Parquet.Meta.RowGroup> _groups;
    private int _groupIndex = -1;
    private int _row = -1;
    private long _rowsBefore;

    public ParquetRecordReader(Stream stream, string path, DataLimits limits)
    {
        Path = path;
        _limits = limits;
        CheckFooter(stream, path);
        _reader = Guard(path, () => ParquetReader.CreateAsync(stream, new ParquetOptions(), leaveStreamOpen: false).GetAwaiter().GetResult());
        var schema = Guard(path, () => _reader.Schema);
        var groups = Guard(path, () => _reader.Metadata?.RowGroups);
        var fields = new List<DataField>();
        foreach (var field in schema.Fields)
        {
            if (field is DataField { MaxRepetitionLevel: 0 } data && ParquetColumn.Supports(data.ClrType))
            {
                fields.Add(data);
            }
            else
            {
                _skipped.Add(field is DataField other && other.MaxRepetitionLevel == 0
                    ? $"{field.Name} (type {other.ClrType.Name} is not read)"
                    : $"{field.Name} (nested {field.SchemaType.ToString().ToLowerInvariant()} column; flatten it to check it)");
            }
        }
        if (fields.Count > limits.MaxColumns)
        {
            throw DataReadException.InFile(path, $"the file has more than {limits.MaxColumns} columns");
        }
        if (fields.Count == 0)
        {
            throw DataReadException.InFile(path, _skipped.Count == 0 ? "the file has no columns" : $"no flat column to read (skipped: {string.Join(", ", _skipped)})");
        }
        if (fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != fields.Count)
        {
            throw DataReadException.InFile(path, "the schema names a column twice");
        }
        _groups = groups ?? [];
        _fields = [.. fields];
        _columns = [.. fields.Select(f => f.Name)];
        _buffers = [.. fields.Select(_ => new byte[64])];
        _lengths = new int[fields.Count];
        _formattedAt = Enumerable.Repeat(-1L, fields.Count).ToArray();
        if (groups is not { Count: > 0 } || groups.All(g => g.NumRows == 0))
        {
            throw DataReadException.InFile(path, "the file has no data rows");
        }
    }

    public string Path { get; }

    public IReadOnlyList<string> Columns => _columns;

    public IReadOnlyList<string> SkippedColumns => _skipped;

    public long Line => _rowsBefore + _row + 1;

    public bool Read()
    {
        _row++;
        while (_group.Length == 0 || _row >= _group[0].Rows)
        {
            if (!NextGroup())
            {
                return false;
            }
        }
        for (var c = 0; c < _group.Length; c++)
        {
            if (!_group[c].Advance(_row))
            {
                throw DataReadException.At(Path, Line, c + 1, _columns[c], "the column chunk holds fewer values than its definition levels promise (damaged file)");
            }
        }
        return true;
    }

    public bool IsMissing(int column) => _group[column].Current < 0;

    public ReadOnlySpan<byte> Value(int column)
    {
        if (_formattedAt[column] != Line)
        {
            _lengths[column] = Format(column);
            _formattedAt[column] = Line;
        }
        return _buffers[column].AsSpan(0, _lengths[column]);
    }

    public void Dispose()
    {
        DisposeGroup();
        _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private int Format(int column)
    {
        while (true)
        {
            var written = _group[column].Format(_buffers[column]);
            if (written >= 0)
            {
                return written;
            }
            if (_buffers[column].Length >= _limits.MaxFieldBytes)
            {
                throw DataReadException.At(Path, Line, column + 1, _columns[column], $"the value is larger than {_limits.MaxFieldBytes:N0} bytes");
            }
            _buffers[column] = new byte[Math.Min(_limits.MaxFieldBytes, _buffers[column].Length * 4)];
        }
    }

    private bool NextGroup()
    {
        if (_group.Length > 0)
        {
            _rowsBefore += _group[0].Rows;
        }
        DisposeGroup();
        if (++_groupIndex >= _groups.Count)
        {
            return false;
        }
        _row = 0;
        var meta = _groups[_groupIndex];
        var rows = meta.NumRows;
        if (rows < 0 || meta.TotalByteSize < 0 || meta.TotalByteSize > _limits.MaxRowGroupBytes || rows * _fields.Length > _limits.MaxRowGroupCells)
        {
            throw DataReadException.InFile(Path, $"row group {_groupIndex} is too large or damaged ({rows:N0} rows, {meta.TotalByteSize:N0} bytes uncompressed; the limits are {_limits.MaxRowGroupCells:N0} cells and {_limits.MaxRowGroupBytes:N0} bytes): write smaller row groups");
        }
        using var groupReader = Guard(Path, () => _reader.OpenRowGroupReader(_groupIndex));
        var columns = new List<ParquetColumn>(_fields.Length);
        try
        {
            foreach (var field in _fields)
            {
                var chunk = groupReader.GetMetadata(field);
                if (chunk?.MetaData is { } m && (m.TotalUncompressedSize > _limits.MaxRowGroupBytes || m.TotalCompressedSize > _limits.MaxRowGroupBytes))
                {
                    throw DataReadException.InFile(Path, $"row group {_groupIndex}, column '{field.Name}': the chunk claims more than {_limits.MaxRowGroupBytes:N0} bytes (damaged or too large)");
                }
                var raw = Guard(Path, () => groupReader.ReadRawColumnDataBaseAsync(field).AsTask().GetAwaiter().GetResult(), $"row group {_groupIndex}, column '{field.Name}'");
                var column = ParquetColumn.Create(field, raw, (int)rows);
                if (column is null)
                {
                    raw.Dispose();
                    throw DataReadException.InFile(Path, $"row group {_groupIndex}, column '{field.Name}': the chunk holds fewer values than the row group's {rows:N0} rows (damaged file)");
                }
                columns.Add(column);
            }
        }
        catch
        {
            columns.ForEach(c => c.Dispose());
            throw;
        }
        _group = [.. columns];
        if (rows == 0)
        {
            _group = [];
        }
        Array.Fill(_formattedAt, -1);
        return true;
    }

    private void DisposeGroup()
    {
        foreach (var column in _group)
        {
            column.Dispose();
        }
        _group = [];
    }

    /// <summary>Refuses what is plainly not Parquet before Parquet.Net reads it: magic bytes and a footer length that fits the file.</summary>
    private static void CheckFooter(Stream stream, string path)
    {
        var length = stream.Length;
        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[8];
        if (length < 12)
        {
            throw DataReadException.InFile(path, length == 0 ? "the file is empty" : "not a Parquet file (too short)");
        }
        stream.Position = 0;
        stream.ReadExactly(head);
        stream.Position = length - 8;
        stream.ReadExactly(tail);
        stream.Position = 0;
        if (!head.SequenceEqual("PAR1"u8) || !tail[4..].SequenceEqual("PAR1"u8))
        {
            throw DataReadException.InFile(path, "not a Parquet file (no PAR1 magic at both ends)");
        }
        var footer = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footer <= 0 || footer > length - 12 || footer > MaxFooterBytes)
        {
            throw DataReadException.InFile(path, $"damaged Parquet footer (it claims {footer:N0} bytes in a {length:N0}-byte file)");
        }
    }

    private static T Guard<T>(string path, Func<T> read, string? where = null)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not (DataReadException or OperationCanceledException))
        {
            // Parquet.Net reports damage with many exception types (IO, InvalidData, IndexOutOfRange, Thrift
            // protocol errors, a huge allocation); to the caller they are all "this is not a readable file".
            var message = ex.Message.Length > 200 ? ex.Message[..200] + "…" : ex.Message;
            throw DataReadException.InFile(path, $"{(where is null ? "" : where + ": ")}unreadable Parquet ({ex.GetType().Name}: {message})");
        }
    }
}
