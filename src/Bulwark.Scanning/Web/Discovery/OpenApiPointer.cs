using System.Globalization;
using System.Text.Json.Nodes;

namespace Bulwark.Scanning.Web.Discovery;

/// <summary>
/// A <c>$ref</c> split into the document it names and a JSON pointer (RFC 6901) into it. The fragment is the
/// URI form of the pointer: percent-decoded first, then each segment unescaped (<c>~1</c> is <c>/</c>, <c>~0</c> is <c>~</c>).
/// </summary>
internal static class OpenApiPointer
{
    public const int MaxReferenceChars = 2_048;

    /// <summary>The part before <c>#</c> (empty for a reference into the same document) and the fragment (without <c>#</c>).</summary>
    public static (string Document, string Fragment) Split(string reference)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (reference, "") : (reference[..hash], reference[(hash + 1)..]);
    }

    /// <summary>The document a reference names, resolved against the document it appears in; null when malformed.</summary>
    public static Uri? Document(Uri from, string documentPart)
    {
        if (documentPart.Length > MaxReferenceChars || !Uri.TryCreate(from, documentPart, out var resolved))
        {
            return null;
        }
        return resolved.Fragment.Length == 0 ? resolved : new UriBuilder(resolved) { Fragment = "" }.Uri;
    }

    /// <summary>The identity of a loaded document: its absolute URI without fragment.</summary>
    public static string Key(Uri document) => document.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.Fragment, UriFormat.UriEscaped);

    /// <summary>
    /// The node a fragment points at inside <paramref name="root"/>; <paramref name="found"/> false when it points
    /// nowhere or is not a valid pointer (a bad <c>~</c> escape, a segment without a leading <c>/</c>).
    /// </summary>
    public static JsonNode? Evaluate(JsonNode? root, string fragment, out bool found)
    {
        found = false;
        string pointer;
        try
        {
            pointer = Uri.UnescapeDataString(fragment);
        }
        catch (UriFormatException)
        {
            return null;
        }
        if (pointer.Length == 0)
        {
            found = true;
            return root;
        }
        if (pointer[0] != '/')
        {
            return null;
        }
        var node = root;
        foreach (var raw in pointer[1..].Split('/'))
        {
            if (Unescape(raw) is not { } segment)
            {
                return null;
            }
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(segment, out var child):
                    node = child;
                    break;
                case JsonArray array when IsIndex(segment) && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count:
                    node = array[index];
                    break;
                default:
                    return null;
            }
        }
        found = true;
        return node;
    }

    /// <summary>RFC 6901 section 4: <c>~1</c> becomes <c>/</c>, then <c>~0</c> becomes <c>~</c>; any other <c>~</c> makes the pointer invalid.</summary>
    internal static string? Unescape(string segment)
    {
        if (!segment.Contains('~', StringComparison.Ordinal))
        {
            return segment;
        }
        var text = new System.Text.StringBuilder(segment.Length);
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] != '~')
            {
                text.Append(segment[i]);
                continue;
            }
            if (i + 1 == segment.Length || segment[i + 1] is not ('0' or '1'))
            {
                return null;
            }
            text.Append(segment[++i] == '1' ? '/' : '~');
        }
        return text.ToString();
    }

    // No leading zeros, no signs: "01" and "-" are not array indexes (RFC 6901 section 4).
    private static bool IsIndex(string segment) =>
        segment.Length is > 0 and <= 9 && segment.All(char.IsAsciiDigit) && (segment.Length == 1 || segment[0] != '0');
}
