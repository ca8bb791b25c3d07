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

    /// <summary>0-based character offsets of the node's text in the file: [Start, End). Scalars only; 0 elsewhere.</summary>
    public int Start { get; init; }

    public int End { get; init; }

    /// <summary>The scalar's style as written (literal and folded blocks, quotes); plain for collections.</summary>
    public YamlDotNet.Core.ScalarStyle Style { get; init; }

    /// <summary>A collection written inline (<c>{ }</c> or <c>[ ]</c>), which edits cannot extend line by line.</summary>
    public bool Flow { get; init; }

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
