using System.Text;
using System.Text.Json;

namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// Reads JSON with <see cref="Utf8JsonReader"/> (depth 64) into a <see cref="PositionedNode"/> tree, turning
/// token byte offsets into 1-based lines and character columns.
/// </summary>
internal static class PositionedJson
{
    private const int MaxDepth = 64;

    public static PositionedNode? Parse(string text, string file, out ManifestError? error)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var cursor = new ByteCursor(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            var stack = new Stack<(PositionedNode Node, string? Key)>();
            PositionedNode? root = null;
            string? key = null;
            (int Line, int Column) keyAt = default;
            while (reader.Read())
            {
                var at = cursor.MoveTo((int)reader.TokenStartIndex);
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    key = reader.GetString();
                    keyAt = at;
                    continue;
                }
                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    stack.Pop();
                    continue;
                }
                var (line, column) = key is null ? at : keyAt;
                var node = reader.TokenType switch
                {
                    JsonTokenType.StartObject => new PositionedNode(PositionedNodeKind.Table, line, column),
                    JsonTokenType.StartArray => new PositionedNode(PositionedNodeKind.Array, line, column),
                    JsonTokenType.String => new PositionedNode(PositionedNodeKind.String, line, column) { Text = reader.GetString() },
                    _ => new PositionedNode(PositionedNodeKind.Scalar, line, column) { Text = Encoding.UTF8.GetString(reader.ValueSpan) },
                };
                if (stack.TryPeek(out var parent))
                {
                    if (parent.Node.Kind == PositionedNodeKind.Array)
                    {
                        parent.Node.Add(node);
                    }
                    else
                    {
                        parent.Node.TryAdd(key!, node);
                    }
                }
                else
                {
                    root = node;
                }
                key = null;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    stack.Push((node, null));
                }
            }
            error = null;
            return root;
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? -1) + 1;
            var column = (int)(ex.BytePositionInLine ?? -1) + 1;
            error = new ManifestError(file, line, column, "invalid JSON: " + ex.Message.Split('.', 2)[0]);
            return null;
        }
    }

    /// <summary>
    /// Turns increasing byte offsets into 1-based lines and character columns, walking each byte once so a
    /// huge single-line document stays linear.
    /// </summary>
    private sealed class ByteCursor(byte[] bytes)
    {
        private int _offset;
        private int _line = 1;
        private int _column = 1;

        public (int Line, int Column) MoveTo(int offset)
        {
            for (; _offset < offset && _offset < bytes.Length; _offset++)
            {
                if (bytes[_offset] == (byte)'\n')
                {
                    _line++;
                    _column = 1;
                }
                else if ((bytes[_offset] & 0xC0) != 0x80)
                {
                    // Count UTF-8 lead bytes only, so a multi-byte character is one column.
                    _column++;
                }
            }
            return (_line, _column);
        }
    }
}
