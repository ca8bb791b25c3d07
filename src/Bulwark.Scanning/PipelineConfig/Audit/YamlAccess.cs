using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit;

/// <summary>Lenient reads of a YAML tree: the audit looks at what is there and never fails on a wrong shape.</summary>
internal static class YamlAccess
{
    public static YamlEntry? Entry(this YamlNode? node, string key)
    {
        if (node is null || node.Kind != YamlNodeKind.Mapping)
        {
            return null;
        }
        foreach (var entry in node.Entries)
        {
            if (entry.Key == key)
            {
                return entry;
            }
        }
        return null;
    }

    public static YamlNode? Get(this YamlNode? node, string key) => node.Entry(key)?.Value;

    /// <summary>The scalar's text, or null for collections and nulls.</summary>
    public static string? Text(this YamlNode? node) =>
        node is { Kind: YamlNodeKind.Scalar } && !node.IsNull ? node.Value : null;

    public static string? Text(this YamlNode? node, string key) => node.Get(key).Text();

    public static bool IsMapping(this YamlNode? node) => node is { Kind: YamlNodeKind.Mapping };

    /// <summary>A sequence's items, a scalar as a list of one, nothing otherwise.</summary>
    public static IReadOnlyList<YamlNode> Items(this YamlNode? node) => node switch
    {
        { Kind: YamlNodeKind.Sequence } => node.Items,
        { Kind: YamlNodeKind.Scalar } when !node.IsNull => [node],
        _ => [],
    };

    /// <summary>The entries of a mapping (empty for anything else).</summary>
    public static IReadOnlyList<YamlEntry> Entries(this YamlNode? node) =>
        node is { Kind: YamlNodeKind.Mapping } ? node.Entries : [];

    /// <summary>Every scalar below the node, depth-first with an explicit stack (trees may share aliased nodes).</summary>
    public static IEnumerable<(YamlNode Node, string? Key)> Scalars(this YamlNode node)
    {
        var stack = new Stack<(YamlNode, string?)>();
        stack.Push((node, null));
        while (stack.Count > 0)
        {
            var (current, key) = stack.Pop();
            switch (current.Kind)
            {
                case YamlNodeKind.Scalar:
                    yield return (current, key);
                    break;
                case YamlNodeKind.Mapping:
                    for (var i = current.Entries.Count - 1; i >= 0; i--)
                    {
                        stack.Push((current.Entries[i].Value, current.Entries[i].Key));
                    }
                    break;
                default:
                    for (var i = current.Items.Count - 1; i >= 0; i--)
                    {
                        stack.Push((current.Items[i], key));
                    }
                    break;
            }
        }
    }
}
