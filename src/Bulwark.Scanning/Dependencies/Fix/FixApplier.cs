using System.Text;

namespace Bulwark.Scanning.Dependencies.Fix;

/// <summary>Shows a plan as a unified diff, and applies it: each file rewritten whole to a temporary file, then renamed over the original.</summary>
internal static class FixApplier
{
    private const int Context = 3;

    /// <summary>A unified diff (<c>--- a/FILE</c> / <c>+++ b/FILE</c>) of every edited file.</summary>
    public static string Diff(string root, FixPlan plan)
    {
        var diff = new StringBuilder();
        foreach (var group in plan.Edits.GroupBy(e => e.File, StringComparer.Ordinal))
        {
            var lines = LineEndings.Split(File.ReadAllText(Path.Combine(root, group.Key)));
            diff.Append("--- a/").Append(group.Key).Append('\n');
            diff.Append("+++ b/").Append(group.Key).Append('\n');
            foreach (var hunk in Hunks([.. group.OrderBy(e => e.Line)]))
            {
                var first = Math.Max(1, hunk[0].Line - Context);
                var last = Math.Min(lines.Length, hunk[^1].Line + Context);
                var count = last - first + 1;
                diff.Append($"@@ -{first},{count} +{first},{count} @@\n");
                var byLine = hunk.ToDictionary(e => e.Line);
                for (var n = first; n <= last; n++)
                {
                    if (byLine.TryGetValue(n, out var edit))
                    {
                        diff.Append('-').Append(WithNewline(edit.Before));
                        diff.Append('+').Append(WithNewline(edit.After));
                    }
                    else
                    {
                        diff.Append(' ').Append(WithNewline(lines[n - 1]));
                    }
                }
            }
        }
        return diff.ToString();
    }

    /// <summary>Writes every edited file; each file changes completely or not at all.</summary>
    public static void Apply(string root, FixPlan plan)
    {
        foreach (var group in plan.Edits.GroupBy(e => e.File, StringComparer.Ordinal))
        {
            var path = Path.Combine(root, group.Key);
            var bytes = File.ReadAllBytes(path);
            var hadBom = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
            var lines = LineEndings.Split(new UTF8Encoding(false).GetString(bytes.AsSpan(hadBom ? 3 : 0)));
            foreach (var edit in group)
            {
                if (lines[edit.Line - 1] != edit.Before)
                {
                    throw new IOException($"{group.Key}:{edit.Line} changed since it was read; run deps fix again");
                }
                lines[edit.Line - 1] = edit.After;
            }
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            try
            {
                File.WriteAllText(temporary, string.Concat(lines), new UTF8Encoding(hadBom));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
                }
                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Edits closer than twice the context share one hunk.</summary>
    private static List<List<FileEdit>> Hunks(List<FileEdit> edits)
    {
        var hunks = new List<List<FileEdit>>();
        foreach (var edit in edits)
        {
            if (hunks.Count > 0 && edit.Line - hunks[^1][^1].Line <= 2 * Context)
            {
                hunks[^1].Add(edit);
            }
            else
            {
                hunks.Add([edit]);
            }
        }
        return hunks;
    }

    private static string WithNewline(string line) => line.EndsWith('\n') ? line : line + "\n";
}
