using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Parquet.Data;
using Parquet.Schema;

namespace Bulwark.Ml.Data.Reading;

/// <summary>
/// One flat column of the current Parquet row group: the dense non-null values and, for a nullable column, one
/// definition level per row. Values are written as the text a CSV of the same data holds, so both formats infer the
/// same column kinds: integers and floats as numbers (shortest round-trip, NaN/±Infinity spelled out), booleans as
/// <c>true</c>/<c>false</c>, timestamps as ISO 8601, strings as UTF-8, binary as lower-case hex.
/// </summary>
internal abstract class ParquetColumn : IDisposable
{
    private int _next;

    protected ParquetColumn(RawColumnData raw, int maxDefinition, int rows, int values)
    {
        Raw = raw;
        MaxDefinition = maxDefinition;
        Rows = rows;
        Values = values;
    }

    protected RawColumnData Raw { get; }

    private int MaxDefinition { get; }

    public int Rows { get; }

    /// <summary>Dense values the column chunk holds.</summary>
    private int Values { get; }

    /// <summary>Index of the current row's value among the dense values, or −1 when it is null.</summary>
    public int Current { get; private set; } = -1;

    /// <summary>Moves to <paramref name="row"/> (rows are visited in order); false when the chunk is inconsistent.</summary>
    public bool Advance(int row)
    {
        var present = MaxDefinition == 0 || Raw.DefinitionLevels[row] == MaxDefinition;
        if (!present)
        {
            Current = -1;
            return true;
        }
        if (_next >= Values)
        {
            return false;
        }
        Current = _next++;
        return true;
    }

    /// <summary>Writes the current value as UTF-8; returns the byte count, or −1 when the buffer is too small.</summary>
    public abstract int Format(Span<byte> destination);

    public void Dispose() => Raw.Dispose();

    /// <summary>The Parquet value types read as a column; anything else (intervals, big decimals…) is skipped with a notice.</summary>
    public static bool Supports(Type type) =>
        type == typeof(bool) || type == typeof(byte) || type == typeof(sbyte) || type == typeof(short) || type == typeof(ushort)
        || type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong) || type == typeof(float)
        || type == typeof(double) || type == typeof(decimal) || type == typeof(Half) || type == typeof(DateTime) || type == typeof(DateOnly)
        || type == typeof(TimeOnly) || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(ReadOnlyMemory<char>)
        || type == typeof(ReadOnlyMemory<byte>);

    /// <returns>Null when the chunk does not hold the values the metadata promises (a corrupt file).</returns>
    public static ParquetColumn? Create(DataField field, RawColumnData raw, int rows)
    {
        var maxDefinition = field.MaxDefinitionLevel;
        if (maxDefinition > 0 && raw.DefinitionLevels.Length < rows)
        {
            return null;
        }
        var present = rows;
        if (maxDefinition > 0)
        {
            present = 0;
            foreach (var level in raw.DefinitionLevels[..rows])
            {
                present += level == maxDefinition ? 1 : 0;
            }
        }
        ParquetColumn? Of<T>(RawColumnData<T> typed, Writer<T> writer) where T : struct =>
            typed.Values.Length >= present ? new Typed<T>(typed, writer, maxDefinition, rows, present) : null;
        return raw switch
        {
            RawColumnData<bool> r => Of(r, static (bool v, Span<byte> d) => Utf8(v ? "true" : "false", d)),
            RawColumnData<byte> r => Of(r, Number),
            RawColumnData<sbyte> r => Of(r, Number),
            RawColumnData<short> r => Of(r, Number),
            RawColumnData<ushort> r => Of(r, Number),
            RawColumnData<int> r => Of(r, Number),
            RawColumnData<uint> r => Of(r, Number),
            RawColumnData<long> r => Of(r, Number),
            RawColumnData<ulong> r => Of(r, Number),
            RawColumnData<float> r => Of(r, Number),
            RawColumnData<double> r => Of(r, Number),
            RawColumnData<decimal> r => Of(r, Number),
            RawColumnData<Half> r => Of(r, Number),
            RawColumnData<DateTime> r => Of(r, static (DateTime v, Span<byte> d) =>
                v.TryFormat(d, out var n, v.TimeOfDay == TimeSpan.Zero ? "yyyy'-'MM'-'dd" : "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF", CultureInfo.InvariantCulture) ? n : -1),
            RawColumnData<DateOnly> r => Of(r, static (DateOnly v, Span<byte> d) => v.TryFormat(d, out var n, "yyyy'-'MM'-'dd", CultureInfo.InvariantCulture) ? n : -1),
            RawColumnData<TimeOnly> r => Of(r, static (TimeOnly v, Span<byte> d) => v.TryFormat(d, out var n, "HH':'mm':'ss.FFFFFFF", CultureInfo.InvariantCulture) ? n : -1),
            RawColumnData<TimeSpan> r => Of(r, static (TimeSpan v, Span<byte> d) => v.TryFormat(d, out var n, "c", CultureInfo.InvariantCulture) ? n : -1),
            RawColumnData<Guid> r => Of(r, static (Guid v, Span<byte> d) => Utf8Formatter.TryFormat(v, d, out var n) ? n : -1),
            RawColumnData<ReadOnlyMemory<char>> r => Of(r, static (ReadOnlyMemory<char> v, Span<byte> d) => Utf8(v.Span, d)),
            RawColumnData<ReadOnlyMemory<byte>> r => Of(r, static (ReadOnlyMemory<byte> v, Span<byte> d) => Hex(v.Span, d)),
            _ => null,
        };
    }

    private delegate int Writer<T>(T value, Span<byte> destination);

    private static int Number<T>(T value, Span<byte> destination) where T : IUtf8SpanFormattable =>
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture) ? written : -1;

    private static int Utf8(ReadOnlySpan<char> text, Span<byte> destination) =>
        Encoding.UTF8.GetMaxByteCount(text.Length) <= destination.Length || Encoding.UTF8.GetByteCount(text) <= destination.Length
            ? Encoding.UTF8.GetBytes(text, destination)
            : -1;

    private static int Hex(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        if (bytes.Length * 2 > destination.Length)
        {
            return -1;
        }
        Convert.TryToHexStringLower(bytes, destination, out var written);
        return written;
    }

    private sealed class Typed<T>(RawColumnData<T> raw, Writer<T> writer, int maxDefinition, int rows, int values)
        : ParquetColumn(raw, maxDefinition, rows, values) where T : struct
    {
        public override int Format(Span<byte> destination) =>
            Current < 0 ? 0 : writer(((RawColumnData<T>)Raw).Values[Current], destination);
    }
}
