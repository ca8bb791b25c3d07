using System.Text.Encodings.Web;
using System.Text.Json;
using Bulwark.Core.Findings;

namespace Bulwark.Core.Reports;

/// <summary>Bulwark's own JSON report: one object with the tool, a summary, findings and notices.</summary>
public sealed class JsonReportWriter : IReportWriter
{
    public void Write(ScanReport report, TextWriter output, bool colors)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteString("name", ToolInfo.Name);
            json.WriteString("version", ToolInfo.Version);
            json.WriteEndObject();
            json.WriteString("gate", report.Gate);
            json.WriteString("root", report.ScanRoot);
            WriteSummary(json, report);
            json.WriteStartArray("findings");
            foreach (var finding in report.Findings)
            {
                WriteFinding(json, finding);
            }
            json.WriteEndArray();
            json.WriteStartArray("notices");
            foreach (var notice in report.Notices)
            {
                json.WriteStartObject();
                json.WriteString("level", notice.Level.ToString().ToLowerInvariant());
                json.WriteString("path", notice.Path);
                json.WriteString("message", notice.Message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.Write(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
        output.WriteLine();
    }

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // Paths and messages are shown to people; keep non-ASCII readable. Output is not embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static void WriteSummary(Utf8JsonWriter json, ScanReport report)
    {
        json.WriteStartObject("summary");
        json.WriteNumber("findings", report.Findings.Count);
        json.WriteNumber("suppressed", report.Suppressed.Count);
        json.WriteStartObject("bySeverity");
        foreach (var name in SeverityNames.All)
        {
            SeverityNames.TryParse(name, out var severity);
            json.WriteNumber(name, report.Findings.Count(f => f.Severity == severity));
        }
        json.WriteEndObject();
        json.WriteNumber("files", report.Statistics.Files);
        json.WriteNumber("bytes", report.Statistics.Bytes);
        if (report.Statistics.Commits > 0)
        {
            json.WriteNumber("commits", report.Statistics.Commits);
        }
        json.WriteNumber("durationMs", (long)report.Statistics.Duration.TotalMilliseconds);
        json.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter json, Finding finding)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteString("title", finding.Title);
        json.WriteString("severity", finding.Severity.ToName());
        json.WriteString("message", finding.Message);
        json.WriteString("fingerprint", finding.Fingerprint);
        json.WriteString("evidence", finding.Evidence);
        WriteLocation(json, finding.Location);
        if (finding.Properties.Count + finding.ListProperties.Count + finding.NumberListProperties.Count > 0)
        {
            json.WriteStartObject("properties");
            FindingProperties.Write(json, finding);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter json, Location location)
    {
        json.WriteStartObject("location");
        json.WriteString("path", location.Path);
        if (location.InnerPath is not null)
        {
            json.WriteString("innerPath", location.InnerPath);
        }
        json.WriteNumber("line", location.Line);
        json.WriteNumber("column", location.Column);
        json.WriteNumber("endLine", location.EndLine);
        json.WriteNumber("endColumn", location.EndColumn);
        if (location.ByteOffset is { } offset)
        {
            json.WriteNumber("byteOffset", offset);
        }
        if (location.Commit is { } commit)
        {
            json.WriteStartObject("commit");
            json.WriteString("sha", commit.Sha);
            json.WriteString("author", commit.Author);
            json.WriteString("email", commit.Email);
            json.WriteString("date", commit.Date.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }
}
