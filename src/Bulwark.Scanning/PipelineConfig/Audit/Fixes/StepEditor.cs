using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.Fixes;

/// <summary>
/// Inserts keys into block-style YAML mappings without reformatting anything else: new lines go at the start of
/// an existing key's line, with that key's indentation. Flow-style mappings (<c>{ }</c>) are left alone.
/// </summary>
internal static class StepEditor
{
    /// <summary>
    /// Edits adding <paramref name="entries"/> (already formatted <c>key: value</c>) under <paramref name="key"/>
    /// of the block mapping <paramref name="step"/>, creating the key when missing; empty when the layout is not plain block YAML.
    /// </summary>
    public static List<TextEdit> AddEntries(AuditFile file, YamlNode step, string key, IReadOnlyList<string> entries)
    {
        if (step.Flow || step.Kind != YamlNodeKind.Mapping || step.Entries.Count == 0)
        {
            return [];
        }
        var indent = step.Entries[0].Column - 1;
        if (step.Entry(key) is { } existing)
        {
            var child = existing.Value;
            if (child.Kind != YamlNodeKind.Mapping || child.Flow || child.Entries.Count == 0)
            {
                return [];
            }
            var first = child.Entries[0];
            if (LineStart(file, first.Line) is not { } at || !OnlySpacesBefore(file, at, first.Column))
            {
                return [];
            }
            var pad = new string(' ', first.Column - 1);
            return [new TextEdit(at, at, string.Concat(entries.Select(e => pad + e + "\n")))];
        }
        var block = new string(' ', indent) + key + ":\n" + string.Concat(entries.Select(e => new string(' ', indent + 2) + e + "\n"));
        if (step.Entries.Count > 1)
        {
            var second = step.Entries[1];
            if (LineStart(file, second.Line) is not { } at || !OnlySpacesBefore(file, at, second.Column) || second.Column - 1 != indent)
            {
                return [];
            }
            return [new TextEdit(at, at, block)];
        }
        // A one-key step (`- uses: x`): the new key goes on the line after its value.
        var value = step.Entries[0].Value;
        if (value.Kind != YamlNodeKind.Scalar || value.End <= 0)
        {
            return [];
        }
        var end = Math.Min(value.End, file.Text.Length);
        if (end > 0 && file.Text[end - 1] == '\n')
        {
            return [new TextEdit(end, end, block)];
        }
        var newline = file.Text.IndexOf('\n', end);
        return newline < 0 ? [new TextEdit(file.Text.Length, file.Text.Length, "\n" + block)] : [new TextEdit(newline + 1, newline + 1, block)];
    }

    /// <summary>A scalar safe as a plain YAML value, or single-quoted otherwise.</summary>
    public static string Scalar(string value) =>
        value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) || value.Contains('\n')
        || value.StartsWith('\'') || value.StartsWith('"') || value.StartsWith('{') || value.StartsWith('[')
            ? "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'"
            : value;

    private static int? LineStart(AuditFile file, int line)
    {
        var at = 0;
        for (var n = 1; n < line; n++)
        {
            at = file.Text.IndexOf('\n', at);
            if (at < 0)
            {
                return null;
            }
            at++;
        }
        return at;
    }

    private static bool OnlySpacesBefore(AuditFile file, int lineStart, int column) =>
        lineStart + column - 1 <= file.Text.Length && file.Text.AsSpan(lineStart, column - 1).IndexOfAnyExcept(' ') < 0;
}
