using System.Collections.Concurrent;

namespace Bulwark.Server.Audit;

/// <summary>
/// Keeps events a client can repeat at will (a rejected token, a refused request) from flooding the log: a key
/// is recorded at most once per <see cref="Interval"/>. Bounded: past <see cref="MaxTracked"/> keys it starts afresh.
/// </summary>
internal sealed class AuditThrottle(TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private const int MaxTracked = 10_000;
    private readonly ConcurrentDictionary<string, long> _lastRecorded = new(StringComparer.Ordinal);

    public bool ShouldRecord(string key)
    {
        var now = time.GetTimestamp();
        if (_lastRecorded.TryGetValue(key, out var last) && time.GetElapsedTime(last, now) < Interval)
        {
            return false;
        }
        if (_lastRecorded.Count >= MaxTracked)
        {
            _lastRecorded.Clear();
        }
        _lastRecorded[key] = now;
        return true;
    }
}
