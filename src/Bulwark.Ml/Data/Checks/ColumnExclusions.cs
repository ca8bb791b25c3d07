namespace Bulwark.Ml.Data.Checks;

/// <summary>
/// Which columns the checks leave alone: columns the user ignores (<c>--ignore-column</c>, and the
/// <c>--timestamp-column</c> of windowed drift) are not compared at all, not even for schema changes; identifier-like
/// columns (by name: id, index, uuid, timestamps) are present in both files but their values differ between any two
/// datasets, so distribution, correlation, outlier, trigger and duplicate-key checks skip them.
/// </summary>
internal sealed class ColumnExclusions(IEnumerable<string> ignored)
{
    private readonly HashSet<string> _ignored = new(ignored, StringComparer.Ordinal);

    public static ColumnExclusions None { get; } = new([]);

    public IReadOnlyCollection<string> Ignored => _ignored;

    public bool IsIgnored(string name) => _ignored.Contains(name);

    public bool IsIdentifier(string name)
    {
        if (_ignored.Contains(name))
        {
            return true;
        }
        var lower = name.ToLowerInvariant();
        return lower is "id" or "index" or "uuid" or "guid" or "row" or "rowid" or "row_id" or "timestamp" or "time" or "date" or "datetime" or "created_at" or "updated_at"
            || lower.StartsWith("unnamed", StringComparison.Ordinal)
            || lower.EndsWith("_id", StringComparison.Ordinal) || lower.EndsWith("_uuid", StringComparison.Ordinal) || lower.EndsWith("_at", StringComparison.Ordinal);
    }
}
