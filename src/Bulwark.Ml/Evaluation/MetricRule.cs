using Bulwark.Core.Findings;

namespace Bulwark.Ml.Evaluation;

/// <summary>
/// What the gate demands of one metric. Regressions are measured in the metric's bad direction: a drop for
/// higher-is-better metrics, a rise for lower-is-better ones. Null limits are not checked.
/// </summary>
internal sealed record MetricRule(bool HigherIsBetter)
{
    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>Largest allowed worsening against the baseline, in the metric's own units.</summary>
    public double? MaxRegression { get; init; }

    /// <summary>Largest allowed worsening as a fraction of the baseline's magnitude (0.02 = 2%).</summary>
    public double? MaxRelativeRegression { get; init; }

    public double? SliceMin { get; init; }

    public double? SliceMax { get; init; }

    /// <summary>Per-slice allowance; null means the overall <see cref="MaxRegression"/>.</summary>
    public double? SliceMaxRegression { get; init; }

    public Severity? Severity { get; init; }

    /// <summary>True when the rules file names the metric, so it must be present even if the baseline lacks it.</summary>
    public bool Declared { get; init; }

    private static readonly HashSet<string> LowerIsBetterWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "loss", "error", "errors", "err", "latency", "perplexity", "ppl", "mse", "mae", "rmse", "wer", "cer", "time", "seconds", "ms", "fpr", "fnr", "ece", "toxicity", "bias",
    };

    /// <summary>
    /// Direction for a metric the rules do not describe: lower is better when a word of its name (split at anything
    /// but letters and digits) is a loss, error, latency or error-rate word; otherwise higher is better.
    /// </summary>
    public static bool GuessHigherIsBetter(string metric)
    {
        var start = 0;
        for (var i = 0; i <= metric.Length; i++)
        {
            if (i < metric.Length && char.IsAsciiLetterOrDigit(metric[i]))
            {
                continue;
            }
            if (i > start && LowerIsBetterWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(metric.AsSpan(start, i - start)))
            {
                return false;
            }
            start = i + 1;
        }
        return true;
    }
}
