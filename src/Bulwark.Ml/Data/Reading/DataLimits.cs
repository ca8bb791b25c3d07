namespace Bulwark.Ml.Data.Reading;

/// <summary>Bounds for untrusted dataset files: a file beyond them is refused with a message, never read unbounded.</summary>
internal sealed record DataLimits
{
    /// <summary>The largest single field (CSV) or JSON line; a bigger one is an error naming its place.</summary>
    public int MaxFieldBytes { get; init; } = 1 << 20;

    /// <summary>The largest JSON Lines record (one line).</summary>
    public int MaxRecordBytes { get; init; } = 16 << 20;

    public int MaxColumns { get; init; } = 4096;

    /// <summary>Records read to infer column types before the streaming pass.</summary>
    public int InferenceRows { get; init; } = 1000;

    /// <summary>The largest Parquet row group, uncompressed: a row group is read whole, so this bounds memory per file.</summary>
    public long MaxRowGroupBytes { get; init; } = 1L << 30;

    /// <summary>The most cells (rows × columns) in one Parquet row group (a 1,048,576-row pyarrow group of 32 columns fits).</summary>
    public long MaxRowGroupCells { get; init; } = 1L << 25;

    public static DataLimits Default { get; } = new();
}
