namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// A value read from TOML, JSON or YAML together with where it starts, so the format readers can navigate one
/// shape and still report exact positions. <see cref="Line"/>/<see cref="Column"/> are 1-based and point at the
/// key of a table member, the header of a TOML table, or the value itself for array items.
/// </summary>
internal sealed class PositionedNode(PositionedNodeKind kind, int line, int column)
{
    private OrderedDictionary<string, PositionedNode>? _members;
    private List<PositionedNode>? _items;

    public PositionedNodeKind Kind { get; } = kind;

    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>The text of a string or other scalar (booleans as <c>true</c>/<c>false</c>), else null.</summary>
    public string? Text { get; init; }

    public IReadOnlyList<PositionedNode> Items => _items ?? (IReadOnlyList<PositionedNode>)[];

    /// <summary>Table members in file order.</summary>
    public IEnumerable<KeyValuePair<string, PositionedNode>> Members =>
        _members ?? Enumerable.Empty<KeyValuePair<string, PositionedNode>>();

    public string? String => Kind == PositionedNodeKind.String ? Text : null;

    public bool IsTrue => Kind == PositionedNodeKind.Scalar && string.Equals(Text, "true", StringComparison.Ordinal);

    public PositionedNode? Get(string key) =>
        _members is not null && _members.TryGetValue(key, out var value) ? value : null;

    /// <summary>The member's string value, or null when absent or not a string.</summary>
    public string? GetString(string key) => Get(key)?.String;

    /// <summary>Adds a member; the first definition of a key wins so a duplicate cannot hide the original.</summary>
    public bool TryAdd(string key, PositionedNode value)
    {
        _members ??= new OrderedDictionary<string, PositionedNode>(StringComparer.Ordinal);
        return _members.TryAdd(key, value);
    }

    public void Add(PositionedNode item) => (_items ??= []).Add(item);
}

internal enum PositionedNodeKind
{
    Table,
    Array,
    String,

    /// <summary>Any non-string scalar (number, boolean, date, null).</summary>
    Scalar,
}
