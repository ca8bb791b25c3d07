namespace Bulwark.Ml.Data.Profiling;

/// <summary>
/// What a profiling pass needs to agree on between the reference and the candidate: the columns that make up a
/// row's duplicate key (present in both, by name, so column order does not matter) and the scale of each
/// numeric key column for near-duplicate rounding (from the reference's first rows).
/// </summary>
internal sealed record ProfilePlan(IReadOnlyList<string> KeyColumns, IReadOnlyDictionary<string, double> Scales)
{
    public double NearEpsilon { get; init; } = 1e-3;

    public int SampleRows { get; init; } = 50_000;

    public int Extremes { get; init; } = 1000;

    public int MaxCategories { get; init; } = 10_000;

    public int MaxTokens { get; init; } = 200_000;

    /// <summary>One-token-apart keys stop after this many (about 16 bytes each).</summary>
    public int MaxDropKeys { get; init; } = 4_000_000;

    /// <summary>Texts with more tokens than this get no one-token-apart keys.</summary>
    public int MaxDropTokens { get; init; } = 64;

    public int Seed { get; init; } = 20240601;

    /// <summary>Duplicate keys (about 30 bytes a row): only the duplicate and label-noise checks need them, drift does not.</summary>
    public bool CollectKeys { get; init; } = true;
}
