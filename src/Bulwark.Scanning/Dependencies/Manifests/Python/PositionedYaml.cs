using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// Reads the first YAML document from YamlDotNet's event stream into a <see cref="PositionedNode"/> tree, with
/// nesting bounded at 64. Aliases are not expanded (they become empty scalars), so anchors cannot multiply
/// the document. Every scalar is a string, as YAML types are irrelevant to the manifests read here.
/// </summary>
internal static class PositionedYaml
{
    private const int MaxDepth = 64;

    public static PositionedNode? Parse(string text, string file, out ManifestError? error)
    {
        var parser = new Parser(new StringReader(text));
        var stack = new Stack<PositionedNode>();
        var pendingKey = new Stack<(string? Key, Mark At)>();
        PositionedNode? root = null;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                if (current is DocumentEnd)
                {
                    break;
                }
                if (current is MappingEnd or SequenceEnd)
                {
                    stack.Pop();
                    if (current is MappingEnd)
                    {
                        pendingKey.Pop();
                    }
                    continue;
                }
                if (current is not (MappingStart or SequenceStart or Scalar or AnchorAlias))
                {
                    continue;
                }
                var parent = stack.Count > 0 ? stack.Peek() : null;
                if (parent?.Kind == PositionedNodeKind.Table && pendingKey.Peek().Key is null && pendingKey.Peek().At.Line == 0)
                {
                    // A mapping key: remember it (complex keys get an empty name and their value is dropped).
                    pendingKey.Pop();
                    pendingKey.Push((current is Scalar keyScalar ? keyScalar.Value : "", current.Start));
                    if (current is MappingStart or SequenceStart)
                    {
                        SkipNode(parser);
                    }
                    continue;
                }
                var at = parent?.Kind == PositionedNodeKind.Table ? pendingKey.Peek().At : current.Start;
                var node = current switch
                {
                    MappingStart => new PositionedNode(PositionedNodeKind.Table, (int)at.Line, (int)at.Column),
                    SequenceStart => new PositionedNode(PositionedNodeKind.Array, (int)at.Line, (int)at.Column),
                    // An item's position is its text, so skip the opening quote of a quoted scalar.
                    Scalar scalar => new PositionedNode(PositionedNodeKind.String, (int)at.Line, (int)at.Column + (parent?.Kind == PositionedNodeKind.Array && scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0)) { Text = scalar.Value },
                    _ => new PositionedNode(PositionedNodeKind.Scalar, (int)at.Line, (int)at.Column),
                };
                if (parent is null)
                {
                    root ??= node;
                }
                else if (parent.Kind == PositionedNodeKind.Array)
                {
                    parent.Add(node);
                }
                else
                {
                    var key = pendingKey.Pop().Key;
                    pendingKey.Push((null, default));
                    if (key is { Length: > 0 })
                    {
                        parent.TryAdd(key, node);
                    }
                }
                if (current is MappingStart or SequenceStart)
                {
                    if (stack.Count >= MaxDepth)
                    {
                        error = new ManifestError(file, (int)current.Start.Line, (int)current.Start.Column, $"YAML nested deeper than {MaxDepth} levels");
                        return null;
                    }
                    stack.Push(node);
                    if (current is MappingStart)
                    {
                        pendingKey.Push((null, default));
                    }
                }
            }
        }
        catch (YamlException ex)
        {
            error = new ManifestError(file, (int)ex.Start.Line, (int)ex.Start.Column, "invalid YAML: " + ex.Message);
            return null;
        }
        error = null;
        return root;
    }

    private static void SkipNode(Parser parser)
    {
        var depth = 1;
        while (depth > 0 && parser.MoveNext())
        {
            depth += parser.Current switch
            {
                MappingStart or SequenceStart => 1,
                MappingEnd or SequenceEnd => -1,
                _ => 0,
            };
        }
    }
}
