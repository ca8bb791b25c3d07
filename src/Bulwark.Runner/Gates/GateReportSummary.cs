using System.Globalization;
using System.Text.Json;

namespace Bulwark.Runner.Gates;

/// <summary>The few log lines a gate's JSON report becomes: counts by severity and the first findings.</summary>
internal static class GateReportSummary
{
    private const int ShownFindings = 5;
    private const int MaxMessageLength = 200;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <exception cref="JsonException">The report is not Bulwark's JSON report.</exception>
    public static List<string> Lines(string gate, bool passed, string reportJson)
    {
        using var document = JsonDocument.Parse(reportJson, Options);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("findings", out var findings) || findings.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("the report has no findings array");
        }
        var counts = new List<string>();
        if (root.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.Object
            && summary.TryGetProperty("bySeverity", out var bySeverity) && bySeverity.ValueKind == JsonValueKind.Object)
        {
            foreach (var severity in bySeverity.EnumerateObject())
            {
                counts.Add($"{severity.Name} {Number(severity.Value)}");
            }
        }
        var total = findings.GetArrayLength();
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"gate {gate}: {(passed ? "passed" : "FAILED")}, {total} finding(s){(counts.Count > 0 ? " (" + string.Join(", ", counts) + ")" : "")}"),
        };
        foreach (var finding in findings.EnumerateArray().Take(ShownFindings))
        {
            lines.Add($"  {Text(finding, "severity")} {Text(finding, "ruleId")} {Where(finding)}: {Shorten(Text(finding, "message"))}");
        }
        if (total > ShownFindings)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  … and {total - ShownFindings} more in the gate's report"));
        }
        return lines;
    }

    private static string Where(JsonElement finding)
    {
        if (!finding.TryGetProperty("location", out var location) || location.ValueKind != JsonValueKind.Object)
        {
            return "?";
        }
        var path = Text(location, "path");
        if (location.TryGetProperty("innerPath", out var inner) && inner.ValueKind == JsonValueKind.String)
        {
            path += "!" + inner.GetString();
        }
        return location.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number && line.TryGetInt64(out var number) && number > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{path}:{number}")
            : path;
    }

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static string Number(JsonElement element) => element.ValueKind == JsonValueKind.Number ? element.GetRawText() : "?";

    private static string Shorten(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        return line.Length <= MaxMessageLength ? line : line[..MaxMessageLength] + "…";
    }
}
