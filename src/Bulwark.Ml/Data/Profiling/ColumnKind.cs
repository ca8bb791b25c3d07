namespace Bulwark.Ml.Data.Profiling;

internal enum ColumnKind
{
    /// <summary>Every value seen while inferring is a number (or NaN/Infinity).</summary>
    Numeric,

    /// <summary>Text values compared as categories.</summary>
    Categorical,

    /// <summary>The free-text column (<c>--text-column</c>): tokenised.</summary>
    Text,

    /// <summary>The label column (<c>--label-column</c>).</summary>
    Label,

    /// <summary>No value at all in the inferred rows.</summary>
    Empty,
}

/// <param name="Integral">Numeric and every value seen while inferring was a whole number.</param>
internal sealed record ColumnInfo(string Name, int Index, ColumnKind Kind, bool Integral)
{
    public string TypeName => Kind switch
    {
        ColumnKind.Numeric => Integral ? "integer" : "float",
        ColumnKind.Categorical => "string",
        ColumnKind.Text => "text",
        ColumnKind.Label => "label",
        _ => "empty",
    };
}
