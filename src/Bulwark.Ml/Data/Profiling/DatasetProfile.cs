namespace Bulwark.Ml.Data.Profiling;

/// <summary>Everything one streaming pass learned about a file.</summary>
internal sealed class DatasetProfile(DatasetSchema schema, int[] numericColumns, RowSample sample)
{
    public DatasetSchema Schema { get; } = schema;

    public long Rows { get; set; }

    /// <summary>The file's numeric columns (schema indices), in the order the sample uses.</summary>
    public int[] NumericColumns { get; } = numericColumns;

    /// <summary>By schema index; null for columns that are not numeric.</summary>
    public NumericStats?[] Numeric { get; init; } = [];

    /// <summary>By schema index; null for columns that are not categorical.</summary>
    public ValueCounts?[] Categories { get; init; } = [];

    public LabelCounts Labels { get; } = new();

    /// <summary>Token document frequencies of the text column (null without one).</summary>
    public ValueCounts? Tokens { get; init; }

    /// <summary>Token counts of the text column's values.</summary>
    public NumericStats? TextLengths { get; init; }

    public RowSample Sample { get; } = sample;

    public RowKeys Keys { get; } = new();

    public string Path => Schema.Path;

    /// <summary>The sample column of a numeric schema column (−1 when not numeric).</summary>
    public int SampleColumn(int schemaIndex) => Array.IndexOf(NumericColumns, schemaIndex);

    /// <summary>Sample column holding the text length (the last one) for text data, else −1.</summary>
    public int TextLengthColumn => Schema.TextIndex >= 0 ? NumericColumns.Length : -1;
}
