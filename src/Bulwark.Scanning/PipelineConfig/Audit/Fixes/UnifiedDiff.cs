using System.Text;

namespace Bulwark.Scanning.PipelineConfig.Audit.Fixes;

/// <summary>
/// A unified diff of two versions of a file (<c>--- a/PATH</c>, <c>+++ b/PATH</c>, hunks with three lines of
/// context). Fixes only insert and replace a few lines, so the common prefix and suffix are cut first and the
/// longest-common-subsequence table covers the changed middle only.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    /// <summary>The middle part above which lines are shown as one replacement instead of being aligned.</summary>
    private const int MaxAligned = 4000;

    public static string Create(string path, string before, string after)
    {
        var a = Lines(before);
        var b = Lines(after);
        var ops = Operations(a, b);
        var diff = new StringBuilder();
        diff.Append("--- a/").Append(path).Append('\n').Append("+++ b/").Append(path).Append('\n');
        var i = 0;
        while (i < ops.Count)
        {
            if (ops[i].Kind == ' ')
            {
                i++;
                continue;
            }
            var start = Math.Max(0, i - Context);
            var end = i;
            // Extend the hunk while the next change is within twice the context.
            while (end < ops.Count)
            {
                var nextChange = ops.FindIndex(end, o => o.Kind != ' ');
                if (nextChange < 0 || nextChange - end > 2 * Context)
                {
                    break;
                }
                end = ops.FindIndex(nextChange, o => o.Kind == ' ');
                if (end < 0)
                {
                    end = ops.Count;
                }
            }
            end = Math.Min(ops.Count, end + Context);
            var hunk = ops.GetRange(start, end - start);
            var oldStart = ops.Take(start).Count(o => o.Kind != '+') + 1;
            var newStart = ops.Take(start).Count(o => o.Kind != '-') + 1;
            var oldCount = hunk.Count(o => o.Kind != '+');
            var newCount = hunk.Count(o => o.Kind != '-');
            diff.Append($"@@ -{(oldCount == 0 ? oldStart - 1 : oldStart)},{oldCount} +{(newCount == 0 ? newStart - 1 : newStart)},{newCount} @@\n");
            foreach (var (kind, text) in hunk)
            {
                diff.Append(kind).Append(text).Append('\n');
            }
            i = end;
        }
        return diff.ToString();
    }

    private static List<(char Kind, string Text)> Operations(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }
        var ops = new List<(char, string)>();
        ops.AddRange(a.Take(prefix).Select(l => (' ', l)));
        var midA = a[prefix..(a.Length - suffix)];
        var midB = b[prefix..(b.Length - suffix)];
        if ((long)midA.Length * midB.Length > (long)MaxAligned * MaxAligned)
        {
            ops.AddRange(midA.Select(l => ('-', l)));
            ops.AddRange(midB.Select(l => ('+', l)));
        }
        else
        {
            ops.AddRange(Align(midA, midB));
        }
        ops.AddRange(a.Skip(a.Length - suffix).Select(l => (' ', l)));
        return ops;
    }

    private static List<(char, string)> Align(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var ops = new List<(char, string)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                ops.Add((' ', a[x++]));
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                ops.Add(('+', b[y++]));
            }
            else
            {
                ops.Add(('-', a[x++]));
            }
        }
        return ops;
    }

    private static string[] Lines(string text)
    {
        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }
}
