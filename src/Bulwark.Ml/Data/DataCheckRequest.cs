using Bulwark.Ml.Data.Reading;

namespace Bulwark.Ml.Data;

/// <param name="LabelColumn">Null for unlabelled data: label checks are skipped.</param>
/// <param name="TextColumn">The free-text column, if the files have it (default <c>text</c>).</param>
internal sealed record DataCheckRequest(string ReferencePath, string CandidatePath, string? LabelColumn, string? TextColumn)
{
    public DataCheckOptions Options { get; init; } = DataCheckOptions.Default;

    public DataLimits Limits { get; init; } = DataLimits.Default;

    /// <summary>Only distribution checks (schema, feature drift, correlation, label shift): <c>bulwark drift</c>.</summary>
    public bool DriftOnly { get; init; }

    /// <summary>Columns never compared (<c>--ignore-column</c>), not even for schema changes.</summary>
    public IReadOnlyList<string> IgnoreColumns { get; init; } = [];

    /// <summary>Windowed drift: the candidate's time column; each window is compared with the whole reference.</summary>
    public string? TimestampColumn { get; init; }

    /// <summary>Window length for <see cref="TimestampColumn"/> (default one day).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(1);
}
