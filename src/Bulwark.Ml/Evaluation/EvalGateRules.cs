namespace Bulwark.Ml.Evaluation;

/// <summary>
/// The reviewed gate rules (gate.toml). Metrics without a [metrics.NAME] table that the baseline reports get
/// <see cref="DefaultMaxRegression"/> and a direction guessed from their name.
/// </summary>
internal sealed record EvalGateRules
{
    public const double StandardMaxRegression = 0.01;

    public static EvalGateRules Default { get; } = new();

    public IReadOnlyDictionary<string, MetricRule> Metrics { get; init; } = new Dictionary<string, MetricRule>(StringComparer.Ordinal);

    public IReadOnlyList<string> RequiredBenchmarks { get; init; } = [];

    /// <summary>Every benchmark of the approved baseline must be present too.</summary>
    public bool RequireBaselineBenchmarks { get; init; } = true;

    /// <summary>Without a model (--model or --provenance) the tamper check fails instead of being skipped with a warning.</summary>
    public bool RequireModel { get; init; }

    public double? DefaultMaxRegression { get; init; } = StandardMaxRegression;

    public double? DefaultMaxRelativeRegression { get; init; }

    public double? DefaultSliceMaxRegression { get; init; }

    /// <summary>The rule for a metric: its own table, or the defaults with a guessed direction.</summary>
    public MetricRule For(string metric) => Metrics.TryGetValue(metric, out var rule)
        ? rule
        : new MetricRule(MetricRule.GuessHigherIsBetter(metric))
        {
            MaxRegression = DefaultMaxRegression,
            MaxRelativeRegression = DefaultMaxRelativeRegression,
            SliceMaxRegression = DefaultSliceMaxRegression,
        };
}
