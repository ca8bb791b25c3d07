namespace Bulwark.Ml.Data.Reading;

internal enum DataFormat
{
    Csv,
    JsonLines,
    Parquet,
}

/// <summary>Chooses the reader by file extension and opens it.</summary>
internal static class DataFiles
{
    public static DataFormat? FormatOf(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => DataFormat.Csv,
        ".jsonl" or ".ndjson" => DataFormat.JsonLines,
        ".parquet" => DataFormat.Parquet,
        _ => null,
    };

    /// <exception cref="DataReadException">Unknown extension, missing or unreadable file, or a malformed header.</exception>
    public static IRecordReader Open(string path, DataLimits limits)
    {
        var format = FormatOf(path) ?? throw DataReadException.InFile(path, "unknown dataset format (expected .csv, .jsonl, .ndjson or .parquet)");
        Stream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw DataReadException.InFile(path, ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : $"cannot read: {ex.Message}");
        }
        try
        {
            return format switch
            {
                DataFormat.Csv => new CsvRecordReader(stream, path, limits),
                DataFormat.JsonLines => new JsonLinesRecordReader(stream, path, limits),
                _ => new ParquetRecordReader(stream, path, limits),
            };
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
