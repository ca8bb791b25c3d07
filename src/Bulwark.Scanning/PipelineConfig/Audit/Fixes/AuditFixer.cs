namespace Bulwark.Scanning.PipelineConfig.Audit.Fixes;

/// <summary>One file's text before and after the fixes that could be applied to it.</summary>
internal sealed record FixedFile(string Path, string FullPath, string Before, string After, IReadOnlyList<string> Applied)
{
    public string Diff => UnifiedDiff.Create(Path, Before, After);
}

/// <summary>
/// Turns the fix requests of an audit into new file contents. Edits that would overlap an earlier one are
/// dropped (the next run picks them up); the result is re-parsed by the caller's audit before being trusted.
/// </summary>
internal static class AuditFixer
{
    public static List<FixedFile> Plan(IEnumerable<(AuditFile File, string FullPath, IReadOnlyList<FixRequest> Requests)> files)
    {
        var result = new List<FixedFile>();
        foreach (var (file, fullPath, requests) in files)
        {
            var edits = new List<(TextEdit Edit, int Order)>();
            var applied = new List<string>();
            var order = 0;
            foreach (var request in requests)
            {
                var planned = request.Plan(file);
                if (planned.Count == 0 || planned.Any(p => edits.Any(e => Overlaps(e.Edit, p))))
                {
                    continue;
                }
                edits.AddRange(planned.Select(p => (p, order++)));
                applied.Add(request.Description);
            }
            if (edits.Count == 0)
            {
                continue;
            }
            var text = file.Text;
            var crlf = text.Contains("\r\n", StringComparison.Ordinal);
            // From the end backwards so offsets stay valid; insertions at one point keep their request order.
            foreach (var (edit, _) in edits.OrderByDescending(e => e.Edit.Start).ThenByDescending(e => e.Order))
            {
                // Inserted lines follow the file's line endings.
                var inserted = crlf ? edit.Text.Replace("\n", "\r\n", StringComparison.Ordinal) : edit.Text;
                text = string.Concat(text.AsSpan(0, edit.Start), inserted, text.AsSpan(edit.End));
            }
            result.Add(new FixedFile(file.Path, fullPath, file.Text, text, applied));
        }
        return result;
    }

    private static bool Overlaps(TextEdit a, TextEdit b) =>
        a.Start < b.End && b.Start < a.End;
}
