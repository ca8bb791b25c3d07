using System.Text.Json;

namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>
/// Reads a whole JSON document into <see cref="PositionedJson"/> with <see cref="Utf8JsonReader"/> and an
/// explicit stack (no recursion). Depth is bounded by <see cref="JsonReaderOptions.MaxDepth"/>.
/// </summary>
internal static class PositionedJsonReader
{
    /// <summary>Parses <paramref name="utf8"/>; on a syntax error returns null and the error's byte offset and message.</summary>
    public static PositionedJson? Read(byte[] utf8, int maxDepth, Utf8LineIndex lines, out (long Offset, string Message)? error)
    {
        error = null;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            MaxDepth = Math.Clamp(maxDepth, 1, 256),
            CommentHandling = JsonCommentHandling.Skip,
        });
        try
        {
            return ReadDocument(ref reader);
        }
        catch (JsonException ex)
        {
            var offset = lines.LineStart(ex.LineNumber ?? 0) + (ex.BytePositionInLine ?? 0);
            error = (offset, FirstSentence(ex.Message));
            return null;
        }
    }

    private static PositionedJson? ReadDocument(ref Utf8JsonReader reader)
    {
        var stack = new Stack<PositionedJson>();
        string? pendingName = null;
        long pendingNameOffset = 0;
        PositionedJson? root = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                pendingName = reader.GetString() ?? "";
                pendingNameOffset = reader.TokenStartIndex;
                continue;
            }
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                stack.Pop();
                continue;
            }
            var node = new PositionedJson
            {
                Kind = reader.TokenType,
                Offset = reader.TokenStartIndex,
                Text = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.StartObject or JsonTokenType.StartArray => null,
                    _ => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                },
            };
            if (stack.TryPeek(out var parent))
            {
                if (parent.IsObject)
                {
                    parent.Members.Add(new PositionedJsonMember(pendingName ?? "", pendingNameOffset, node));
                }
                else
                {
                    parent.Items.Add(node);
                }
            }
            else
            {
                root = node;
            }
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                stack.Push(node);
            }
        }
        return root;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return "invalid JSON: " + (cut > 0 ? message[..cut].TrimEnd() : message);
    }
}
