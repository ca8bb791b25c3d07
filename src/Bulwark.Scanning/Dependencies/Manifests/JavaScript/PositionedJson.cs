using System.Text.Json;

namespace Bulwark.Scanning.Dependencies.Manifests.JavaScript;

/// <summary>
/// A JSON value with the byte offset of its first token, so lockfile parsers can report where a version is
/// pinned. Objects keep their members in document order; a repeated name keeps every occurrence.
/// </summary>
internal sealed class PositionedJson
{
    public required JsonTokenType Kind { get; init; }

    /// <summary>Byte offset of the value's first token (the opening quote of a string).</summary>
    public required long Offset { get; init; }

    /// <summary>The unescaped value of a string, the raw text of a number, true/false/null; null for containers.</summary>
    public string? Text { get; init; }

    public List<PositionedJsonMember> Members { get; } = [];

    public List<PositionedJson> Items { get; } = [];

    public bool IsObject => Kind == JsonTokenType.StartObject;

    /// <summary>The first member named <paramref name="name"/>, or null.</summary>
    public PositionedJson? Get(string name)
    {
        foreach (var member in Members)
        {
            if (string.Equals(member.Name, name, StringComparison.Ordinal))
            {
                return member.Value;
            }
        }
        return null;
    }

    /// <summary>The member's string value, or null when it is absent or not a string.</summary>
    public string? GetString(string name) => Get(name) is { Kind: JsonTokenType.String } value ? value.Text : null;

    public bool IsTrue(string name) => Get(name) is { Kind: JsonTokenType.True };
}

internal sealed record PositionedJsonMember(string Name, long NameOffset, PositionedJson Value);
