using Bulwark.Ml.Data.Profiling;

namespace Bulwark.Ml.Data.Checks;

/// <summary>
/// A Bernoulli naive Bayes text model from the reference's token document frequencies per label (Laplace
/// smoothing), with an approximate leave-one-out posterior for scoring the reference's own rows.
/// </summary>
internal sealed class NaiveBayes
{
    private readonly Dictionary<string, long[]> _df;
    private readonly long[] _docs;
    private readonly double[] _base;

    private NaiveBayes(Dictionary<string, long[]> df, long[] docs)
    {
        _df = df;
        _docs = docs;
        var total = docs.Sum();
        _base = new double[docs.Length];
        for (var y = 0; y < docs.Length; y++)
        {
            double sum = Math.Log((docs[y] + 1.0) / (total + docs.Length));
            foreach (var counts in df.Values)
            {
                sum += Math.Log(1 - (counts[y] + 1.0) / (docs[y] + 2.0));
            }
            _base[y] = sum;
        }
    }

    public static NaiveBayes? Train(DatasetProfile reference)
    {
        if (reference.Tokens is not { } tokens)
        {
            return null;
        }
        var labels = reference.Labels.Counts.Count;
        var df = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var (token, entry) in tokens.Entries)
        {
            if (entry.Count >= 2)
            {
                var counts = new long[labels];
                for (var y = 0; y < labels; y++)
                {
                    counts[y] = entry.ForLabel(y);
                }
                df[token] = counts;
            }
        }
        return df.Count == 0 ? null : new NaiveBayes(df, [.. reference.Labels.Counts]);
    }

    /// <summary>P(label | tokens); with <paramref name="leaveOut"/> ≥ 0 the document is taken out of that label's counts.</summary>
    public double[] Posterior(IReadOnlyCollection<string> tokens, int leaveOut)
    {
        var scores = (double[])_base.Clone();
        foreach (var token in tokens)
        {
            if (!_df.TryGetValue(token, out var counts))
            {
                continue;
            }
            for (var y = 0; y < scores.Length; y++)
            {
                var own = y == leaveOut ? 1 : 0;
                var p = (counts[y] - own + 1.0) / (_docs[y] - own + 2.0);
                scores[y] += Math.Log(p) - Math.Log(1 - p);
            }
        }
        var max = scores.Max();
        var sum = 0.0;
        for (var y = 0; y < scores.Length; y++)
        {
            scores[y] = Math.Exp(scores[y] - max);
            sum += scores[y];
        }
        for (var y = 0; y < scores.Length; y++)
        {
            scores[y] /= sum;
        }
        return scores;
    }
}
