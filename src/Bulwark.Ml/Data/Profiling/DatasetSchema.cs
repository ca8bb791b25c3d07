using Bulwark.Ml.Data.Reading;

namespace Bulwark.Ml.Data.Profiling;

/// <summary>The columns of one file with their inferred kinds, plus the first rows' numeric values (for scales).</summary>
internal sealed record DatasetSchema(string Path, IReadOnlyList<ColumnInfo> Columns, int LabelIndex, int TextIndex)
{
    /// <summary>Per column, the finite numbers seen while inferring (empty for non-numeric columns).</summary>
    public IReadOnlyList<double[]> InferenceValues { get; init; } = [];

    /// <summary>Columns the reader could not read (nested Parquet columns), with the reason; reported as a notice.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    public ColumnInfo? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

/// <summary>Infers column kinds from the first rows of a file.</summary>
internal static class SchemaInference
{
    /// <summary>A column whose inferred values are at most this share text is still numeric (the text is reported as mixed types).</summary>
    private const double MixedTolerance = 0.01;

    /// <exception cref="DataReadException">The file is unreadable, has no data rows, or lacks the label column.</exception>
    public static DatasetSchema Infer(string path, string? labelColumn, string? textColumn, DataLimits limits, CancellationToken cancellationToken)
    {
        using var reader = DataFiles.Open(path, limits);
        var columns = reader.Columns;
        var numbers = new int[columns.Count];
        var texts = new int[columns.Count];
        var integral = Enumerable.Repeat(true, columns.Count).ToArray();
        var values = columns.Select(_ => new List<double>()).ToArray();
        var rows = 0;
        while (rows < limits.InferenceRows && reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows++;
            for (var i = 0; i < columns.Count; i++)
            {
                switch (CellValue.Parse(reader.Value(i), out var value))
                {
                    case CellKind.Number:
                        numbers[i]++;
                        values[i].Add(value);
                        integral[i] &= value == Math.Floor(value) && Math.Abs(value) < 1e15;
                        break;
                    case CellKind.NonFinite:
                        numbers[i]++;
                        integral[i] = false;
                        break;
                    case CellKind.Text:
                        texts[i]++;
                        break;
                }
            }
        }
        if (rows == 0)
        {
            throw DataReadException.InFile(path, "the file has no data rows");
        }
        var label = labelColumn is null ? -1 : IndexOf(columns, labelColumn);
        if (labelColumn is not null && label < 0)
        {
            throw DataReadException.InFile(path, $"the label column '{labelColumn}' does not exist (columns: {Describe(columns)})");
        }
        var text = textColumn is null ? -1 : IndexOf(columns, textColumn);
        var infos = new ColumnInfo[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var kind = i == label ? ColumnKind.Label
                : i == text ? ColumnKind.Text
                : numbers[i] + texts[i] == 0 ? ColumnKind.Empty
                : texts[i] <= MixedTolerance * (numbers[i] + texts[i]) && numbers[i] > 0 ? ColumnKind.Numeric
                : ColumnKind.Categorical;
            infos[i] = new ColumnInfo(columns[i], i, kind, kind == ColumnKind.Numeric && integral[i]);
        }
        return new DatasetSchema(path, infos, label, text) { InferenceValues = [.. values.Select(v => v.ToArray())], Skipped = [.. reader.SkippedColumns] };
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] == name)
            {
                return i;
            }
        }
        return -1;
    }

    private static string Describe(IReadOnlyList<string> columns) =>
        columns.Count <= 12 ? string.Join(", ", columns) : string.Join(", ", columns.Take(12)) + $", … {columns.Count - 12} more";
}
