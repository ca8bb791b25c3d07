namespace Bulwark.Ml.ModelFiles.TensorFlow;

/// <summary>
/// A graph node as far as the scan needs it: name, op, the function that holds it (null for the top-level
/// graph), its byte offset, and the string attributes that name paths or URLs.
/// </summary>
internal sealed record TfNode(string Name, string Op, string? Function, long Offset, IReadOnlyList<KeyValuePair<string, string>> PathAttributes)
{
    /// <summary>The first value of an attribute, or null.</summary>
    public string? Attribute(string key)
    {
        foreach (var pair in PathAttributes)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }
        return null;
    }
}
