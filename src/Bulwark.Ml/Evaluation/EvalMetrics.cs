namespace Bulwark.Ml.Evaluation;

/// <summary>A value read from a metrics file with its 1-based position, so findings can point at it.</summary>
internal sealed record MetricValue(double Value, int Line, int Column);

/// <summary>
/// One evaluation (metrics.json or the approved baseline.json): the model it is about, overall metrics, metrics per
/// data slice and the benchmarks run. Names are case-sensitive and compared ordinally.
/// </summary>
internal sealed record EvalMetrics(
    string Path,
    string? ModelName,
    byte[]? ModelSha256,
    IReadOnlyDictionary<string, MetricValue> Metrics,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, MetricValue>> Slices,
    IReadOnlyList<string> Benchmarks);
