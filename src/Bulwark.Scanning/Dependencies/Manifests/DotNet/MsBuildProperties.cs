using System.Text;

namespace Bulwark.Scanning.Dependencies.Manifests.DotNet;

/// <summary>Expands <c>$(Name)</c> references with a project file's own properties.</summary>
internal static class MsBuildProperties
{
    /// <summary>Properties may refer to properties; beyond this many rounds the text is left unresolved (cycles).</summary>
    private const int MaxRounds = 8;

    /// <summary>The expanded text, or null when a reference names a property this file does not define.</summary>
    public static string? Expand(string text, IReadOnlyDictionary<string, string> properties)
    {
        var current = text;
        for (var round = 0; round < MaxRounds && current.Contains("$(", StringComparison.Ordinal); round++)
        {
            var builder = new StringBuilder(current.Length);
            var at = 0;
            int start;
            while ((start = current.IndexOf("$(", at, StringComparison.Ordinal)) >= 0)
            {
                var end = current.IndexOf(')', start + 2);
                if (end < 0 || !properties.TryGetValue(current[(start + 2)..end].Trim(), out var value))
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
        return current.Contains("$(", StringComparison.Ordinal) ? null : current.Trim();
    }
}
