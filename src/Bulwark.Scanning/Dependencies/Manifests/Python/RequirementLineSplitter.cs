namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// Splits requirements-file text into logical lines the way pip does: a line ending in '\' continues on the
/// next one unless it is a comment line; '#' at the start or after whitespace starts a comment.
/// </summary>
internal static class RequirementLineSplitter
{
    public static List<RequirementLine> Split(string text)
    {
        var lines = new List<RequirementLine>();
        var pending = new System.Text.StringBuilder();
        var segments = new List<LineSegment>();
        var lineNumber = 0;
        foreach (var range in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var physical = range.ToString();
            var trimmedStart = physical.AsSpan().TrimStart();
            if (trimmedStart.StartsWith('#'))
            {
                // A comment line ends a continuation (pip's join_lines does the same).
                if (segments.Count > 0)
                {
                    lines.Add(Finish(pending, segments));
                }
                var start = new LineSegment(0, lineNumber, physical.Length - trimmedStart.Length + 1);
                lines.Add(new RequirementLine("", [start], trimmedStart[1..].ToString()));
                continue;
            }
            segments.Add(new LineSegment(pending.Length, lineNumber, 1));
            if (physical.EndsWith('\\'))
            {
                pending.Append(physical, 0, physical.Length - 1);
                continue;
            }
            pending.Append(physical);
            lines.Add(Finish(pending, segments));
        }
        if (segments.Count > 0)
        {
            lines.Add(Finish(pending, segments));
        }
        return lines;
    }

    private static RequirementLine Finish(System.Text.StringBuilder pending, List<LineSegment> segments)
    {
        var text = pending.ToString();
        pending.Clear();
        LineSegment[] copy = [.. segments];
        segments.Clear();
        string? comment = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '#' && (i == 0 || char.IsWhiteSpace(text[i - 1])))
            {
                comment = text[(i + 1)..];
                text = text[..i];
                break;
            }
        }
        return new RequirementLine(text.TrimEnd(), copy, comment);
    }
}
