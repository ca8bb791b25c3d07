namespace Bulwark.Scanning.PipelineConfig.Definition;

internal enum YamlNodeKind
{
    Scalar,
    Mapping,
    Sequence,
}

/// <summary>
/// A YAML node with the 1-based position of its first character. Mappings keep their keys in order with the
/// key's own position, so errors about a key point at the key. Plain scalars remember that they were unquoted,
/// which tells <c>null</c> and <c>~</c> apart from the strings "null" and "~".
/// </summary>
internal sealed record YamlNode(YamlNodeKind Kind, int Line, int Column)
{
    public string Value { get; init; } = "";

    public bool Plain { get; init; }

    public List<YamlEntry> Entries { get; } = [];

    public List<YamlNode> Items { get; } = [];

    /// <summary>An empty plain scalar, or a plain <c>null</c> / <c>~</c>: a key given no value.</summary>
    public bool IsNull => Kind == YamlNodeKind.Scalar && Plain && Value is "" or "null" or "~";

    public string Describe() => Kind switch
    {
        YamlNodeKind.Mapping => "a mapping",
        YamlNodeKind.Sequence => "a list",
        _ => IsNull ? "nothing" : "a scalar",
    };
}

/// <summary>A mapping key (always a scalar; complex keys are refused) and its value.</summary>
internal sealed record YamlEntry(string Key, int Line, int Column, YamlNode Value);
