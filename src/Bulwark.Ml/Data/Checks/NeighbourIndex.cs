namespace Bulwark.Ml.Data.Checks;

/// <summary>Brute-force k nearest neighbours (squared Euclidean) over a fixed set of standardised points.</summary>
internal sealed class NeighbourIndex(double[] points, int[] labels, int width)
{
    public int Count => labels.Length;

    /// <summary>Label counts among the k nearest points to <paramref name="query"/>, skipping point <paramref name="self"/>.</summary>
    public void Vote(ReadOnlySpan<double> query, int k, int self, Span<int> votes, Span<double> bestDistances, Span<int> bestLabels)
    {
        var found = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (i == self)
            {
                continue;
            }
            var point = points.AsSpan(i * width, width);
            double distance = 0;
            var worst = found == k ? bestDistances[k - 1] : double.PositiveInfinity;
            for (var d = 0; d < width && distance < worst; d++)
            {
                var delta = point[d] - query[d];
                distance += delta * delta;
            }
            if (distance >= worst)
            {
                continue;
            }
            // Insertion into the sorted best list.
            var at = found < k ? found++ : k - 1;
            while (at > 0 && bestDistances[at - 1] > distance)
            {
                bestDistances[at] = bestDistances[at - 1];
                bestLabels[at] = bestLabels[at - 1];
                at--;
            }
            bestDistances[at] = distance;
            bestLabels[at] = labels[i];
        }
        votes.Clear();
        for (var i = 0; i < found; i++)
        {
            if (bestLabels[i] >= 0 && bestLabels[i] < votes.Length)
            {
                votes[bestLabels[i]]++;
            }
        }
    }
}
