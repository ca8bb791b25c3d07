using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit;

/// <summary>
/// One parsed pipeline file: its path relative to the audit root ('/' separators), its text (needed for exact
/// positions inside block scalars and for fixes) and its YAML tree with aliases resolved.
/// </summary>
internal sealed class AuditFile(string path, PipelineFileKind kind, string text, YamlNode root)
{
    private int[]? _lineStarts;

    public string Path { get; } = path;

    public PipelineFileKind Kind { get; } = kind;

    public string Text { get; } = text;

    public YamlNode Root { get; } = root;

    /// <summary>The 1-based line and column of a 0-based character offset.</summary>
    public (int Line, int Column) Position(int offset)
    {
        _lineStarts ??= LineStarts(Text);
        offset = Math.Clamp(offset, 0, Text.Length);
        var index = Array.BinarySearch(_lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    /// <summary>The raw text of a scalar as written in the file (quotes and block indicators included).</summary>
    public ReadOnlySpan<char> Source(YamlNode scalar) =>
        scalar.End > scalar.Start && scalar.End <= Text.Length ? Text.AsSpan(scalar.Start, scalar.End - scalar.Start) : [];

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            starts.Add(i + 1);
        }
        return [.. starts];
    }
}
