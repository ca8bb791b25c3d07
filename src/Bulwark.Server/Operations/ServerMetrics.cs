using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Bulwark.Server.Operations;

/// <summary>
/// Counters for <c>/metrics</c>, kept in memory per process and rendered in the Prometheus text format. Every
/// label value comes from a closed set (HTTP methods, route templates, status codes, audit action names), so a
/// client cannot grow the series without bound, and none is a user name, path or secret.
/// </summary>
internal sealed class ServerMetrics(TimeProvider time)
{
    private static readonly string[] KnownMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
    private readonly long _startedAt = time.GetTimestamp();
    private readonly ConcurrentDictionary<(string Method, string Route, int Status), Counter> _requests = new();
    private readonly ConcurrentDictionary<(string Method, string Route), DurationHistogram> _durations = new();
    private readonly ConcurrentDictionary<(string Action, string Outcome), Counter> _auditEvents = new();

    public void CountRequest(string method, string route, int status, TimeSpan duration)
    {
        method = Array.IndexOf(KnownMethods, method) >= 0 ? method : "OTHER";
        _requests.GetOrAdd((method, route, status), static _ => new Counter()).Increment();
        _durations.GetOrAdd((method, route), static _ => new DurationHistogram()).Observe(duration.TotalSeconds);
    }

    public void CountAuditEvent(string action, string outcome) =>
        _auditEvents.GetOrAdd((action, outcome), static _ => new Counter()).Increment();

    public string Render()
    {
        var text = new StringBuilder(4096);
        text.Append("# HELP bulwark_http_requests_total HTTP requests answered, by method, route template and status.\n");
        text.Append("# TYPE bulwark_http_requests_total counter\n");
        foreach (var ((method, route, status), counter) in _requests.OrderBy(p => p.Key))
        {
            Line(text, "bulwark_http_requests_total", $"method=\"{method}\",route=\"{Escape(route)}\",status=\"{status}\"", counter.Value);
        }
        text.Append("# HELP bulwark_http_request_duration_seconds Time to answer HTTP requests, by method and route template.\n");
        text.Append("# TYPE bulwark_http_request_duration_seconds histogram\n");
        foreach (var ((method, route), histogram) in _durations.OrderBy(p => p.Key))
        {
            histogram.Render(text, "bulwark_http_request_duration_seconds", $"method=\"{method}\",route=\"{Escape(route)}\"");
        }
        text.Append("# HELP bulwark_audit_events_total Audit log entries written by this process, by action and outcome.\n");
        text.Append("# TYPE bulwark_audit_events_total counter\n");
        foreach (var ((action, outcome), counter) in _auditEvents.OrderBy(p => p.Key))
        {
            Line(text, "bulwark_audit_events_total", $"action=\"{Escape(action)}\",outcome=\"{Escape(outcome)}\"", counter.Value);
        }
        text.Append("# HELP bulwark_process_uptime_seconds Seconds since this server process started.\n");
        text.Append("# TYPE bulwark_process_uptime_seconds gauge\n");
        text.Append("bulwark_process_uptime_seconds ")
            .Append(time.GetElapsedTime(_startedAt).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }

    private static void Line(StringBuilder text, string name, string labels, long value) =>
        text.Append(name).Append('{').Append(labels).Append("} ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    /// <summary>Label values escape backslash, quote and newline, as the exposition format requires.</summary>
    internal static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
