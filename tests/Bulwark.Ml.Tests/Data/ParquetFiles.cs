using Parquet;
using Parquet.Schema;

namespace Bulwark.Ml.Tests.Data;

/// <summary>Writes real Parquet files with Parquet.Net for the reader tests.</summary>
internal static class ParquetFiles
{
    /// <summary>A column to write: its field and a writer for one row group's slice of rows.</summary>
    public sealed record Column(Field Field, Func<ParquetRowGroupWriter, int, int, Task> Write);

    public static Column Of<T>(string name, IReadOnlyList<T?> values) where T : struct
    {
        var field = new DataField<T?>(name);
        return new(field, (writer, start, count) => writer.WriteAsync<T>(field, values.Skip(start).Take(count).ToArray().AsMemory()));
    }

    public static Column Required<T>(string name, IReadOnlyList<T> values) where T : struct
    {
        var field = new DataField<T>(name);
        return new(field, (writer, start, count) => writer.WriteAsync<T>(field, values.Skip(start).Take(count).ToArray().AsMemory()));
    }

    public static Column Strings(string name, IReadOnlyList<string?> values)
    {
        var field = new DataField<string>(name);
        return new(field, (writer, start, count) => writer.WriteAsync(field, values.Skip(start).Take(count).ToArray()));
    }

    /// <summary>A list&lt;int&gt; column with one single-item list per row.</summary>
    public static Column IntList(string name, int rows)
    {
        var field = new ListField(name, new DataField<int>("item"));
        return new(field, (writer, start, count) => writer.WriteAllPartsAsync<int>((DataField)field.Item,
            Enumerable.Range(start, count).ToArray().AsMemory(), Enumerable.Repeat(3, count).ToArray().AsMemory(), new int[count].AsMemory(), CancellationToken.None));
    }

    public static void Write(string path, int rows, int rowGroupRows, params Column[] columns)
    {
        WriteAsync(path, rows, rowGroupRows, columns).GetAwaiter().GetResult();
    }

    private static async Task WriteAsync(string path, int rows, int rowGroupRows, Column[] columns)
    {
        var schema = new ParquetSchema(columns.Select(c => c.Field));
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        for (var start = 0; start < rows; start += rowGroupRows)
        {
            using var group = writer.CreateRowGroup();
            foreach (var column in columns)
            {
                await column.Write(group, start, Math.Min(rowGroupRows, rows - start));
            }
        }
    }

    /// <summary>The tabular synthetic data (<see cref="Synthetic.TabularColumns"/>) as Parquet with typed columns.</summary>
    public static void Tabular(string path, List<object[]> rows, int rowGroupRows)
    {
        Write(path, rows.Count, rowGroupRows,
            Of("age", rows.Select(r => (long?)(int)r[0]).ToList()),
            Of("income", rows.Select(r => (double?)r[1]).ToList()),
            Of("score", rows.Select(r => (double?)r[2]).ToList()),
            Of("ratio", rows.Select(r => (double?)r[3]).ToList()),
            Strings("city", rows.Select(r => (string?)r[4]).ToList()),
            Of("label", rows.Select(r => (long?)(int)r[5]).ToList()));
    }
}
