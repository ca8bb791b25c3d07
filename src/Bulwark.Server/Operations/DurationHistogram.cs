using System.Globalization;
using System.Text;

namespace Bulwark.Server.Operations;

/// <summary>A Prometheus histogram of durations in seconds with fixed buckets from 1 ms to 10 s.</summary>
internal sealed class DurationHistogram
{
    private static readonly double[] Bounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly long[] _buckets = new long[Bounds.Length];
    private readonly Lock _lock = new();
    private long _count;
    private double _sum;

    public void Observe(double seconds)
    {
        var index = Array.FindIndex(Bounds, bound => seconds <= bound);
        lock (_lock)
        {
            if (index >= 0)
            {
                _buckets[index]++;
            }
            _count++;
            _sum += seconds;
        }
    }

    /// <summary>Writes cumulative buckets, +Inf, sum and count, as the exposition format defines them.</summary>
    public void Render(StringBuilder text, string name, string labels)
    {
        long[] buckets;
        long count;
        double sum;
        lock (_lock)
        {
            buckets = (long[])_buckets.Clone();
            count = _count;
            sum = _sum;
        }
        long cumulative = 0;
        for (var i = 0; i < Bounds.Length; i++)
        {
            cumulative += buckets[i];
            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels},le=\"{Bounds[i]}\"}} {cumulative}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels},le=\"+Inf\"}} {count}\n");
        text.Append(CultureInfo.InvariantCulture, $"{name}_sum{{{labels}}} {sum}\n");
        text.Append(CultureInfo.InvariantCulture, $"{name}_count{{{labels}}} {count}\n");
    }
}
