using System.Text;

namespace Bulwark.Scanning.Dependencies.Manifests.DotNet;

/// <summary>Expands property references (MSBuild's <c>$(Name)</c>, Maven's <c>${name}</c>) with a file's own properties.</summary>
internal static class PropertyReferences
{
    /// <summary>Properties may refer to properties; beyond this many rounds the text is left unresolved (cycles).</summary>
    private const int MaxRounds = 8;

    /// <summary>The expanded text, or null when a reference names a property this file does not define.</summary>
    public static string? Expand(string text, IReadOnlyDictionary<string, string> properties, string open = "$(", char close = ')')
    {
        var current = text;
        for (var round = 0; round < MaxRounds && current.Contains(open, StringComparison.Ordinal); round++)
        {
            var builder = new StringBuilder(current.Length);
            var at = 0;
            int start;
            while ((start = current.IndexOf(open, at, StringComparison.Ordinal)) >= 0)
            {
                var end = current.IndexOf(close, start + open.Length);
                if (end < 0 || !properties.TryGetValue(current[(start + open.Length)..end].Trim(), out var value))
                {
                    return null;
                }
                builder.Append(current, at, start - at).Append(value);
                at = end + 1;
            }
            current = builder.Append(current, at, current.Length - at).ToString();
            if (current.Length > 4096)
            {
                return null;
            }
        }
        return current.Contains(open, StringComparison.Ordinal) ? null : current.Trim();
    }
}
