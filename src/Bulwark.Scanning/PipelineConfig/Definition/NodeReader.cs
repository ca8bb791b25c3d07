namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>Typed access to <see cref="YamlNode"/>s that reports every wrong shape as a positioned error.</summary>
internal sealed class NodeReader(PipelineErrors errors)
{
    public PipelineErrors Errors { get; } = errors;

    /// <summary>Reports keys not in <paramref name="allowed"/>, suggesting a near miss.</summary>
    public void CheckKeys(YamlNode mapping, IReadOnlyList<string> allowed, string where)
    {
        foreach (var entry in mapping.Entries)
        {
            if (allowed.Contains(entry.Key, StringComparer.Ordinal))
            {
                continue;
            }
            var suggestion = NearestKey(entry.Key, allowed);
            var hint = suggestion is null ? $" (allowed: {string.Join(", ", allowed)})" : $" (did you mean '{suggestion}'?)";
            Errors.Add($"unknown key '{entry.Key}' in {where}{hint}", entry.Line, entry.Column);
        }
    }

    public bool IsMapping(YamlNode node, string what)
    {
        if (node.Kind == YamlNodeKind.Mapping)
        {
            return true;
        }
        Errors.Add($"{what} must be a mapping, not {node.Describe()}", node);
        return false;
    }

    public string? Scalar(YamlNode node, string what)
    {
        if (node.Kind == YamlNodeKind.Scalar && !node.IsNull)
        {
            return node.Value;
        }
        Errors.Add($"{what} must be a string, not {node.Describe()}", node);
        return null;
    }

    /// <summary>A list of strings; a single string is accepted as a list of one.</summary>
    public List<(string Value, YamlNode Node)> Strings(YamlNode node, string what)
    {
        var result = new List<(string, YamlNode)>();
        if (node.Kind == YamlNodeKind.Scalar && !node.IsNull)
        {
            result.Add((node.Value, node));
            return result;
        }
        if (node.Kind != YamlNodeKind.Sequence)
        {
            Errors.Add($"{what} must be a list of strings, not {node.Describe()}", node);
            return result;
        }
        foreach (var item in node.Items)
        {
            if (Scalar(item, $"each item of {what}") is { } value)
            {
                result.Add((value, item));
            }
        }
        return result;
    }

    /// <summary>A mapping of names to scalar values (numbers and booleans are kept as written).</summary>
    public Dictionary<string, string> StringMap(YamlNode node, string what, Action<YamlEntry>? check = null)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!IsMapping(node, what))
        {
            return result;
        }
        foreach (var entry in node.Entries)
        {
            if (Scalar(entry.Value, $"{what}.{entry.Key}") is { } value)
            {
                result[entry.Key] = value;
                check?.Invoke(entry);
            }
        }
        return result;
    }

    /// <summary>The allowed key within edit distance 2 of <paramref name="key"/>, if any.</summary>
    internal static string? NearestKey(string key, IReadOnlyList<string> allowed)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in allowed)
        {
            var distance = EditDistance(key, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        return best;
    }

    private static int EditDistance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2 || a.Length > 64)
        {
            return int.MaxValue;
        }
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
