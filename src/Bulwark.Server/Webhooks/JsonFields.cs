using System.Text.Json;

namespace Bulwark.Server.Webhooks;

/// <summary>
/// Typed reads of payload fields that turn every surprise (missing field, wrong type, over-long or undecodable
/// string) into a <see cref="WebhookPayloadException"/> naming the field's path.
/// </summary>
internal static class JsonFields
{
    /// <summary>No field Bulwark reads (names, refs, ids, actions) is legitimately longer.</summary>
    public const int MaxStringLength = 1024;

    public static JsonElement Object(JsonElement parent, string name, string path) =>
        OptionalObject(parent, name, path) ?? throw new WebhookPayloadException($"{path} is missing");

    /// <summary>The object, or null when the field is absent or JSON null.</summary>
    public static JsonElement? OptionalObject(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Object ? value : throw new WebhookPayloadException($"{path} must be an object");
    }

    public static string String(JsonElement parent, string name, string path) =>
        OptionalString(parent, name, path) ?? throw new WebhookPayloadException($"{path} is missing");

    /// <summary>The string, or null when the field is absent or JSON null.</summary>
    public static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new WebhookPayloadException($"{path} must be a string");
        }
        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            // An escaped lone surrogate cannot become a .NET string.
            throw new WebhookPayloadException($"{path} is not valid text", ex);
        }
        return text.Length <= MaxStringLength ? text : throw new WebhookPayloadException($"{path} is longer than {MaxStringLength} characters");
    }

    /// <summary>The boolean, or false when absent or null.</summary>
    public static bool OptionalBool(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new WebhookPayloadException($"{path} must be true or false"),
        };
    }

    /// <summary>The integer, or null when absent or null.</summary>
    public static long? OptionalInteger(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new WebhookPayloadException($"{path} must be an integer");
    }

    /// <summary>A pull or merge request number: a positive 32-bit integer.</summary>
    public static int Number(JsonElement parent, string name, string path)
    {
        var number = OptionalInteger(parent, name, path) ?? throw new WebhookPayloadException($"{path} is missing");
        return number is > 0 and <= int.MaxValue ? (int)number : throw new WebhookPayloadException($"{path} must be a positive number");
    }
}
