using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Secrets;

/// <summary>
/// Thread-safe collector for one scan. One secret (same rule, path and value) seen in several places of
/// history is one finding: the one with the lowest order, i.e. the commit that introduced it.
/// </summary>
internal sealed class ScanSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (Finding Finding, long Order)> _findings = new(StringComparer.Ordinal);
    private readonly List<Notice> _notices = [];
    private long _files;
    private long _bytes;

    public void AddFinding(Finding finding, long order)
    {
        lock (_gate)
        {
            if (!_findings.TryGetValue(finding.Fingerprint, out var existing) || order < existing.Order)
            {
                _findings[finding.Fingerprint] = (finding, order);
            }
        }
    }

    public void AddNotice(NoticeLevel level, string path, string message)
    {
        lock (_gate)
        {
            _notices.Add(new Notice(level, path, message));
        }
    }

    public void CountFile(long bytes)
    {
        Interlocked.Increment(ref _files);
        Interlocked.Add(ref _bytes, bytes);
    }

    public long Files => Interlocked.Read(ref _files);
    public long Bytes => Interlocked.Read(ref _bytes);

    public IReadOnlyList<Finding> Findings()
    {
        lock (_gate)
        {
            return _findings.Values.Select(v => v.Finding)
                .OrderBy(f => f.Location.Path, StringComparer.Ordinal)
                .ThenBy(f => f.Location.InnerPath, StringComparer.Ordinal)
                .ThenBy(f => f.Location.Line)
                .ThenBy(f => f.Location.Column)
                .ThenBy(f => f.RuleId, StringComparer.Ordinal)
                .ToList();
        }
    }

    public IReadOnlyList<Notice> Notices()
    {
        lock (_gate)
        {
            return _notices.OrderBy(n => n.Path, StringComparer.Ordinal).ThenBy(n => n.Message, StringComparer.Ordinal).ToList();
        }
    }
}
