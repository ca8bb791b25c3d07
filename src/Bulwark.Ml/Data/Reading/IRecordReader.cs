namespace Bulwark.Ml.Data.Reading;

/// <summary>
/// Streams the records of one dataset file. Values are unescaped UTF-8 (validated); a value stays valid only
/// until the next <see cref="Read"/>. Every problem is a <see cref="DataReadException"/> naming file, line and column.
/// </summary>
internal interface IRecordReader : IDisposable
{
    string Path { get; }

    IReadOnlyList<string> Columns { get; }

    /// <summary>Moves to the next record; false at the end of the file.</summary>
    /// <exception cref="DataReadException">The record is malformed.</exception>
    bool Read();

    /// <summary>The 1-based line where the current record starts.</summary>
    long Line { get; }

    /// <summary>True when the column has no value in this record (empty CSV field, JSON null or absent key).</summary>
    bool IsMissing(int column);

    ReadOnlySpan<byte> Value(int column);

    /// <summary>Columns of the file that are not read (e.g. nested Parquet columns), each with the reason.</summary>
    IReadOnlyList<string> SkippedColumns => [];
}
