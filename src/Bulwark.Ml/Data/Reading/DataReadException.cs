namespace Bulwark.Ml.Data.Reading;

/// <summary>
/// A dataset file that cannot be read as the format it claims. The message always names the file and, where it
/// can, the 1-based line and column (the field's position in the record and its name).
/// </summary>
internal sealed class DataReadException(string message) : Exception(message)
{
    public static DataReadException At(string path, long line, int column, string? columnName, string problem)
    {
        var where = column > 0
            ? columnName is null ? $"{path}:{line}: column {column}" : $"{path}:{line}: column {column} ('{columnName}')"
            : $"{path}:{line}";
        return new DataReadException($"{where}: {problem}");
    }

    public static DataReadException InFile(string path, string problem) => new($"{path}: {problem}");
}
