using System.Collections.Concurrent;
using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Web;

/// <summary>
/// Notices about the scan itself (unreachable target, limits reached, invalid OpenAPI), each said once and at
/// most <see cref="MaxNotices"/> in all, so an endless site cannot flood the report.
/// </summary>
internal sealed class DastNotices
{
    public const int MaxNotices = 200;

    private readonly ConcurrentDictionary<string, Notice> _notices = new(StringComparer.Ordinal);
    private int _order;
    private readonly ConcurrentDictionary<string, int> _orderOf = new(StringComparer.Ordinal);

    public void Add(NoticeLevel level, string where, string message, string? key = null)
    {
        key ??= $"{where}|{message}";
        if (_notices.Count >= MaxNotices || !_notices.TryAdd(key, new Notice(level, where, message)))
        {
            return;
        }
        _orderOf[key] = Interlocked.Increment(ref _order);
    }

    public bool Has(NoticeLevel level) => _notices.Values.Any(n => n.Level == level);

    public IReadOnlyList<Notice> All =>
        [.. _notices.OrderBy(n => n.Value.Level == NoticeLevel.Info ? 1 : 0).ThenBy(n => _orderOf.GetValueOrDefault(n.Key)).Select(n => n.Value)];
}
