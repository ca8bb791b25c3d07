using Bulwark.Core.Findings;
using Bulwark.Ml.Data.Checks;
using Bulwark.Ml.Data.Profiling;
using Bulwark.Ml.Data.Reading;

namespace Bulwark.Ml.Data.Windows;

/// <summary>
/// <c>bulwark drift --timestamp-column COL --window 1d</c>: splits the current file into fixed time windows and
/// compares each window with the whole reference. A first pass counts the rows per window and notes whether the
/// file is in time order; then, in time order, one window is profiled at a time and dropped once checked, so
/// memory does not grow with the number of windows. An unordered file is read again for every
/// <see cref="MaxOpenWindows"/> windows. Per-window state is bounded: counts, capped category tables and a
/// reservoir sample of at most <see cref="WindowSampleRows"/> rows.
/// </summary>
internal sealed class WindowedDrift(DataCheckRequest request, DatasetProfile reference, DatasetSchema current, ProfilePlan plan,
    ColumnExclusions exclusions, IReadOnlyList<Action<DataCheckContext>> checks)
{
    public const int MaxWindows = 10_000;
    public const int MaxOpenWindows = 16;
    public const int MinWindowRows = 30;
    public const int WindowSampleRows = 20_000;

    private readonly List<Finding> _findings = [];
    private readonly List<Notice> _notices = [];

    public IReadOnlyList<Finding> Findings => _findings;

    public IReadOnlyList<Notice> Notices => _notices;

    /// <exception cref="DataReadException">The file is malformed, lacks the timestamp column, or has too many windows.</exception>
    public void Run(CancellationToken cancellationToken)
    {
        var column = current.Find(request.TimestampColumn!)?.Index
            ?? throw DataReadException.InFile(current.Path, $"the timestamp column '{request.TimestampColumn}' does not exist (columns: {string.Join(", ", current.Columns.Select(c => c.Name).Take(12))})");
        var (windows, ordered) = Count(column, cancellationToken);
        var keys = windows.Keys.ToList();
        var batch = ordered ? keys.Count : MaxOpenWindows;
        for (var start = 0; start < keys.Count; start += batch)
        {
            var wanted = keys.GetRange(start, Math.Min(batch, keys.Count - start)).ToHashSet();
            Pass(column, wanted, windows, ordered, cancellationToken);
        }
        var tested = windows.Count(w => w.Value >= MinWindowRows);
        _notices.Add(new Notice(NoticeLevel.Info, current.Path,
            $"{windows.Count:N0} window(s) of {request.Window} ({TimeWindows.Label(keys[0], request.Window)} … {TimeWindows.Label(keys[^1], request.Window)}), {tested:N0} tested against the whole reference; windows over {WindowSampleRows:N0} rows are sampled"));
    }

    private (SortedDictionary<long, long> Windows, bool Ordered) Count(int column, CancellationToken cancellationToken)
    {
        var windows = new SortedDictionary<long, long>();
        var ordered = true;
        var last = long.MinValue;
        long unreadable = 0, firstUnreadable = 0;
        using var reader = DataFiles.Open(current.Path, request.Limits);
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TimeWindows.ParseTimestamp(reader.Value(column)) is not { } seconds)
            {
                if (unreadable++ == 0)
                {
                    firstUnreadable = reader.Line;
                }
                continue;
            }
            var key = TimeWindows.KeyOf(seconds, request.Window);
            ordered &= key >= last;
            last = Math.Max(last, key);
            windows[key] = windows.GetValueOrDefault(key) + 1;
            if (windows.Count > MaxWindows)
            {
                throw DataReadException.InFile(current.Path, $"more than {MaxWindows:N0} windows of {request.Window}: choose a longer --window");
            }
        }
        if (unreadable > 0)
        {
            _notices.Add(new Notice(NoticeLevel.Warning, current.Path,
                $"{unreadable:N0} row(s) have no readable time in '{request.TimestampColumn}' (first at line {firstUnreadable}; expected ISO 8601 or Unix seconds) and are in no window"));
        }
        if (windows.Count == 0)
        {
            throw DataReadException.InFile(current.Path, $"no row has a readable time in '{request.TimestampColumn}' (ISO 8601 or Unix seconds)");
        }
        return (windows, ordered);
    }

    /// <summary>One pass profiling the wanted windows; in an ordered file each window is checked as soon as the next begins.</summary>
    private void Pass(int column, HashSet<long> wanted, SortedDictionary<long, long> windows, bool ordered, CancellationToken cancellationToken)
    {
        var open = new Dictionary<long, DatasetProfiler>();
        var windowPlan = plan with { SampleRows = Math.Min(plan.SampleRows, WindowSampleRows), CollectKeys = false };
        using (var reader = DataFiles.Open(current.Path, request.Limits))
        {
            long index = -1;
            while (reader.Read())
            {
                index++;
                cancellationToken.ThrowIfCancellationRequested();
                if (TimeWindows.ParseTimestamp(reader.Value(column)) is not { } seconds)
                {
                    continue;
                }
                var key = TimeWindows.KeyOf(seconds, request.Window);
                if (!wanted.Contains(key) || windows[key] < MinWindowRows)
                {
                    continue;
                }
                if (!open.TryGetValue(key, out var profiler))
                {
                    if (ordered)
                    {
                        Finish(open, column, cancellationToken);
                    }
                    open[key] = profiler = new DatasetProfiler(current, windowPlan);
                }
                profiler.Add(reader, index);
            }
        }
        Finish(open, column, cancellationToken);
        foreach (var key in wanted.Where(k => windows[k] < MinWindowRows))
        {
            _notices.Add(new Notice(NoticeLevel.Info, current.Path,
                $"window {TimeWindows.Label(key, request.Window)}: only {windows[key]:N0} row(s), fewer than {MinWindowRows}: not tested"));
        }
    }

    private void Finish(Dictionary<long, DatasetProfiler> open, int column, CancellationToken cancellationToken)
    {
        foreach (var (key, profiler) in open.OrderBy(p => p.Key))
        {
            Check(key, profiler.Finish(), column, cancellationToken);
        }
        open.Clear();
    }

    private void Check(long key, DatasetProfile window, int column, CancellationToken cancellationToken)
    {
        var label = TimeWindows.Label(key, request.Window);
        var findings = new DataFindings(Path.GetFileName(current.Path), request.Options.MaxListedRows) { Window = label };
        var context = new DataCheckContext(reference, window, request.Options, findings, exclusions)
        {
            Collector = new RowCollector(current, request.Options.MaxListedRows)
            {
                Include = reader => TimeWindows.ParseTimestamp(reader.Value(column)) is { } s && TimeWindows.KeyOf(s, request.Window) == key,
            },
        };
        foreach (var check in checks)
        {
            check(context);
        }
        context.Collector.Run(request.Limits, cancellationToken);
        context.FinishCollected();
        _findings.AddRange(findings.Items);
    }
}
