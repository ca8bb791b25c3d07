using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// Reads TOML through Tomlyn's syntax tree (which keeps source spans, unlike its table model) into a
/// <see cref="PositionedNode"/> tree. Nesting is bounded by Tomlyn's <c>MaxDepth</c>.
/// </summary>
internal static class PositionedToml
{
    private const int MaxDepth = 64;

    /// <summary>Parses <paramref name="text"/>; on a syntax error returns null and the first error's position.</summary>
    public static PositionedNode? Parse(string text, string file, out ManifestError? error)
    {
        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, new TomlSerializerOptions { MaxDepth = MaxDepth }, file, validate: true);
        }
        catch (TomlException ex)
        {
            error = new ManifestError(file, ex.Line ?? 0, ex.Column ?? 0, "invalid TOML: " + FirstLine(ex.Message));
            return null;
        }
        catch (ArgumentOutOfRangeException)
        {
            // Tomlyn's lexer throws this, with no position, when the input ends right after a backslash inside a string.
            error = new ManifestError(file, 0, 0, "invalid TOML: a string escape is cut off by the end of the file");
            return null;
        }
        foreach (var diagnostic in document.Diagnostics)
        {
            if (diagnostic.Kind == DiagnosticMessageKind.Error)
            {
                var start = diagnostic.Span.Start;
                error = new ManifestError(file, start.Line + 1, start.Column + 1, "invalid TOML: " + FirstLine(diagnostic.Message));
                return null;
            }
        }
        error = null;
        var root = new PositionedNode(PositionedNodeKind.Table, 1, 1);
        AddKeyValues(root, document.KeyValues);
        foreach (var table in document.Tables)
        {
            var path = KeyParts(table.Name);
            if (path.Count == 0)
            {
                continue;
            }
            var parent = Descend(root, path, path.Count - 1, table.Span.Start);
            var name = path[^1];
            var node = new PositionedNode(PositionedNodeKind.Table, table.Span.Start.Line + 1, table.Span.Start.Column + 1);
            if (table is TableArraySyntax)
            {
                var array = parent.Get(name);
                if (array is null)
                {
                    array = new PositionedNode(PositionedNodeKind.Array, node.Line, node.Column);
                    parent.TryAdd(name, array);
                }
                array.Add(node);
            }
            else if (!parent.TryAdd(name, node))
            {
                // A [table] header naming a table already created implicitly by a dotted header such as [a.b].
                node = parent.Get(name)!;
            }
            AddKeyValues(node, table.Items);
        }
        return root;
    }

    private static void AddKeyValues(PositionedNode table, SyntaxList<KeyValueSyntax> keyValues)
    {
        foreach (var keyValue in keyValues)
        {
            AddKeyValue(table, keyValue, 0);
        }
    }

    private static void AddKeyValue(PositionedNode table, KeyValueSyntax keyValue, int depth)
    {
        var path = KeyParts(keyValue.Key);
        if (path.Count == 0 || keyValue.Value is null)
        {
            return;
        }
        var start = keyValue.Span.Start;
        var parent = Descend(table, path, path.Count - 1, start);
        parent.TryAdd(path[^1], Convert(keyValue.Value, start, depth + 1));
    }

    private static PositionedNode Convert(ValueSyntax value, TextPosition at, int depth)
    {
        var line = at.Line + 1;
        var column = at.Column + 1;
        switch (value)
        {
            case StringValueSyntax text:
                return new PositionedNode(PositionedNodeKind.String, line, column) { Text = text.Value };
            case BooleanValueSyntax boolean:
                return new PositionedNode(PositionedNodeKind.Scalar, line, column) { Text = boolean.Value ? "true" : "false" };
            case ArraySyntax array when depth < MaxDepth:
                var list = new PositionedNode(PositionedNodeKind.Array, line, column);
                foreach (var item in array.Items)
                {
                    if (item.Value is not null)
                    {
                        list.Add(Convert(item.Value, item.Value.Span.Start, depth + 1));
                    }
                }
                return list;
            case InlineTableSyntax inline when depth < MaxDepth:
                var table = new PositionedNode(PositionedNodeKind.Table, line, column);
                foreach (var item in inline.Items)
                {
                    if (item.KeyValue is not null)
                    {
                        AddKeyValue(table, item.KeyValue, depth);
                    }
                }
                return table;
            default:
                return new PositionedNode(PositionedNodeKind.Scalar, line, column);
        }
    }

    /// <summary>Walks (creating as needed) the tables named by the first <paramref name="count"/> key parts.</summary>
    private static PositionedNode Descend(PositionedNode table, List<string> path, int count, TextPosition at)
    {
        var current = table;
        for (var i = 0; i < count; i++)
        {
            var next = current.Get(path[i]);
            if (next is null)
            {
                next = new PositionedNode(PositionedNodeKind.Table, at.Line + 1, at.Column + 1);
                current.TryAdd(path[i], next);
            }
            else if (next.Kind == PositionedNodeKind.Array && next.Items.Count > 0)
            {
                // [a.b] after [[a]] extends the last table of the array, as TOML specifies.
                next = next.Items[^1];
            }
            current = next;
        }
        return current;
    }

    private static List<string> KeyParts(KeySyntax? key)
    {
        var parts = new List<string>();
        if (key?.Key is { } first)
        {
            parts.Add(KeyText(first));
            foreach (var dotted in key.DotKeys)
            {
                if (dotted.Key is not null)
                {
                    parts.Add(KeyText(dotted.Key));
                }
            }
        }
        return parts;
    }

    private static string KeyText(BareKeyOrStringValueSyntax key) => key switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline].TrimEnd();
    }
}
