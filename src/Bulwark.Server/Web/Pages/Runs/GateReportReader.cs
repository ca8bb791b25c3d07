using System.Text.Json;
using Bulwark.Core.Findings;

namespace Bulwark.Server.Web.Pages.Runs;

/// <summary>
/// Reads the findings out of a gate report as the engine wrote it (<c>Bulwark.Core.Reports.JsonReportWriter</c>).
/// The report comes from a runner, which may be remote and hostile, so nothing about its shape is trusted: depth,
/// rows and field lengths are capped, fields of the wrong type read as empty, and a report that is not JSON yields a
/// problem to show, never an exception. Rendering encodes every field; this only decides what is shown.
/// </summary>
internal static class GateReportReader
{
    /// <summary>Findings listed per gate; the rest are counted and left to the API's full report.</summary>
    public const int MaxShown = 200;

    /// <summary>Characters kept per field (messages of a hostile report could be megabytes long).</summary>
    public const int MaxFieldChars = 1_000;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    public static GateReportView Read(string reportJson, int maxShown = MaxShown)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(reportJson, Options);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return Unreadable("the stored report is not valid JSON");
        }
        using (document)
        {
            try
            {
                return Findings(document.RootElement, maxShown);
            }
            catch (InvalidOperationException)
            {
                // JsonDocument parses escapes lazily: a name or string holding half a surrogate pair throws when read.
                return Unreadable("the stored report holds invalid text");
            }
        }
    }

    private static GateReportView Findings(JsonElement root, int maxShown)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Unreadable("the stored report is not a JSON object");
        }
        if (root.TryGetProperty("truncated", out var truncated) && truncated.ValueKind == JsonValueKind.True)
        {
            return Unreadable("the report was too large to store; the job log has its summary");
        }
        if (!root.TryGetProperty("findings", out var findings) || findings.ValueKind != JsonValueKind.Array)
        {
            return Unreadable("the stored report has no findings list");
        }
        var rows = new List<(int Rank, GateFindingRow Row)>();
        var total = 0;
        foreach (var finding in findings.EnumerateArray())
        {
            total++;
            if (finding.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var row = Row(finding);
            var rank = SeverityNames.TryParse(row.Severity, out var severity) ? (int)severity : -1;
            rows.Add((rank, row));
        }
        // Most severe first; the sort is stable, so the engine's order holds within a severity.
        var shown = rows.OrderByDescending(r => r.Rank).Take(Math.Max(0, maxShown)).Select(r => r.Row).ToList();
        return new GateReportView(shown, total, null);
    }

    private static GateFindingRow Row(JsonElement finding)
    {
        var location = finding.TryGetProperty("location", out var l) && l.ValueKind == JsonValueKind.Object ? l : default;
        var path = Text(location, "path");
        if (Text(location, "innerPath") is { Length: > 0 } inner)
        {
            path = Cut(path + "!" + inner);
        }
        int? line = location.ValueKind == JsonValueKind.Object && location.TryGetProperty("line", out var n)
            && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var number) && number > 0 ? number : null;
        return new GateFindingRow(Text(finding, "severity"), Text(finding, "ruleId"), Text(finding, "title"), path, line, Text(finding, "message"));
    }

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? Cut(value.GetString()!)
            : "";

    private static string Cut(string text)
    {
        if (text.Length <= MaxFieldChars)
        {
            return text;
        }
        // Never end on half of a surrogate pair.
        var length = char.IsHighSurrogate(text[MaxFieldChars - 1]) ? MaxFieldChars - 1 : MaxFieldChars;
        return string.Concat(text.AsSpan(0, length), "…");
    }

    private static GateReportView Unreadable(string problem) => new([], 0, problem);
}
