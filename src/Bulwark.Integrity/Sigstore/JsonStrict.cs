using System.Text.Json;

namespace Bulwark.Integrity.Sigstore;

/// <summary>Strict accessors over <see cref="JsonElement"/>: exact types, required fields, no unknown fields where asked.</summary>
internal static class JsonStrict
{
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = 64,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    public static JsonElement Object(JsonElement parent, string name, string where) =>
        Optional(parent, name, JsonValueKind.Object, where) ?? throw Missing(name, where);

    public static JsonElement Array(JsonElement parent, string name, string where) =>
        Optional(parent, name, JsonValueKind.Array, where) ?? throw Missing(name, where);

    public static string String(JsonElement parent, string name, string where) =>
        OptionalString(parent, name, where) ?? throw Missing(name, where);

    public static string? OptionalString(JsonElement parent, string name, string where) =>
        Optional(parent, name, JsonValueKind.String, where)?.GetString();

    public static byte[] Base64(JsonElement parent, string name, string where)
    {
        var text = String(parent, name, where);
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new InvalidBundleException($"{where}.{name} is not valid base64");
        }
    }

    /// <summary>The property if present with the right kind; null if absent; an error if present with another kind.</summary>
    public static JsonElement? Optional(JsonElement parent, string name, JsonValueKind kind, string where)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != kind)
        {
            throw new InvalidBundleException($"{where}.{name} must be {Describe(kind)}, not {Describe(value.ValueKind)}");
        }
        return value;
    }

    public static void OnlyKnown(JsonElement obj, string where, params ReadOnlySpan<string> known)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw new InvalidBundleException($"{where} has an unexpected field '{property.Name}'");
            }
        }
    }

    public static void ExpectObject(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidBundleException($"{where} must be an object, not {Describe(element.ValueKind)}");
        }
    }

    public static string ErrorFor(JsonException ex) => ex.LineNumber is { } line
        ? $"not valid JSON at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}"
        : "not valid JSON";

    private static InvalidBundleException Missing(string name, string where) => new($"{where}.{name} is missing");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

/// <summary>Thrown inside the readers only; they turn it into an error value.</summary>
internal sealed class InvalidBundleException(string message) : Exception(message);
