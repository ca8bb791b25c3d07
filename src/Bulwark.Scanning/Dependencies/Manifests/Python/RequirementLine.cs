namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// One logical line of a requirements file: continuation lines joined, the comment removed. Segments map an
/// offset in <see cref="Text"/> back to the physical line and column it came from.
/// </summary>
internal sealed record RequirementLine(string Text, IReadOnlyList<LineSegment> Segments, string? Comment)
{
    /// <summary>A line that is only a comment (its text after '#'), kept for pip-compile's <c># via</c> notes.</summary>
    public bool IsCommentOnly => Text.Length == 0 && Comment is not null;

    public int FirstLine => Segments.Count > 0 ? Segments[0].Line : 0;

    /// <summary>1-based line and column of <paramref name="offset"/> in <see cref="Text"/>.</summary>
    public (int Line, int Column) PositionOf(int offset)
    {
        if (Segments.Count == 0)
        {
            return (0, 0);
        }
        var segment = Segments[0];
        for (var i = 1; i < Segments.Count && Segments[i].Offset <= offset; i++)
        {
            segment = Segments[i];
        }
        return (segment.Line, segment.Column + Math.Max(0, offset - segment.Offset));
    }
}

/// <summary>Text from <see cref="Offset"/> on in a logical line starts at this 1-based physical line and column.</summary>
internal readonly record struct LineSegment(int Offset, int Line, int Column);
