using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bulwark.Core.Findings;

namespace Bulwark.Core.Reports;

/// <summary>
/// SARIF 2.1.0, shaped for GitHub code scanning: rules with help text and security-severity,
/// results located by URIs relative to <c>%SRCROOT%</c>, and partialFingerprints from our stable fingerprints.
/// </summary>
public sealed class SarifReportWriter : IReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string FingerprintKey = "bulwarkFingerprint/v1";
    private const string SourceRoot = "%SRCROOT%";

    public void Write(ScanReport report, TextWriter output, bool colors)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            var ruleIndex = WriteTool(json, report);
            WriteOriginalUriBase(json, report.ScanRoot);
            WriteInvocation(json, report);
            json.WriteStartArray("results");
            foreach (var finding in report.Findings)
            {
                WriteResult(json, finding, ruleIndex, suppressed: false);
            }
            foreach (var finding in report.Suppressed)
            {
                WriteResult(json, finding, ruleIndex, suppressed: true);
            }
            json.WriteEndArray();
            json.WriteString("columnKind", "utf16CodeUnits");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.Write(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
        output.WriteLine();
    }

    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>GitHub ranks alerts by this number: ≥9 critical, ≥7 high, ≥4 medium, otherwise low.</summary>
    private static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "0.0",
    };

    private static Dictionary<string, int> WriteTool(Utf8JsonWriter json, ScanReport report)
    {
        // Only rules that appear in results are listed: a run with 170 rules and two findings stays small.
        var used = report.Findings.Concat(report.Suppressed).Select(f => f.RuleId).ToHashSet(StringComparer.Ordinal);
        var rules = report.Rules.Where(r => used.Contains(r.Id)).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", ToolInfo.FullName);
        json.WriteString("version", ToolInfo.Version);
        json.WriteString("semanticVersion", ToolInfo.Version);
        json.WriteString("informationUri", ToolInfo.InformationUri);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            index[rule.Id] = index.Count;
            WriteRule(json, rule);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        return index;
    }

    private static void WriteRule(Utf8JsonWriter json, RuleDescriptor rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", PascalCase(rule.Id));
        WriteMessage(json, "shortDescription", rule.Title);
        WriteMessage(json, "fullDescription", rule.Description);
        json.WriteStartObject("help");
        json.WriteString("text", rule.Help);
        json.WriteString("markdown", rule.Help);
        json.WriteEndObject();
        if (rule.HelpUri is not null)
        {
            json.WriteString("helpUri", rule.HelpUri);
        }
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Level(rule.Severity));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteStartArray("tags");
        json.WriteStringValue("security");
        // SARIF requires unique tags; "security" is always there for GitHub's security tab.
        foreach (var tag in rule.Tags.Where(t => t != "security").Distinct(StringComparer.Ordinal))
        {
            json.WriteStringValue(tag);
        }
        json.WriteEndArray();
        json.WriteString("precision", "high");
        json.WriteString("security-severity", rule.SecuritySeverity is { } score ? score.ToString("0.0", CultureInfo.InvariantCulture) : SecuritySeverity(rule.Severity));
        json.WriteString("severity", rule.Severity.ToName());
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteOriginalUriBase(Utf8JsonWriter json, string scanRoot)
    {
        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(SourceRoot);
        var root = scanRoot.EndsWith('/') ? scanRoot : scanRoot + "/";
        json.WriteString("uri", new Uri(root).AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter json, ScanReport report)
    {
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", !report.Notices.Any(n => n.Level == NoticeLevel.Error));
        json.WriteStartArray("toolExecutionNotifications");
        foreach (var notice in report.Notices)
        {
            json.WriteStartObject();
            json.WriteString("level", notice.Level switch
            {
                NoticeLevel.Error => "error",
                NoticeLevel.Warning => "warning",
                _ => "note",
            });
            WriteMessage(json, "message", notice.ToString());
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter json, Finding finding, Dictionary<string, int> ruleIndex, bool suppressed)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        if (ruleIndex.TryGetValue(finding.RuleId, out var index))
        {
            json.WriteNumber("ruleIndex", index);
        }
        json.WriteString("level", Level(finding.Severity));
        WriteMessage(json, "message", finding.Message);
        WriteLocations(json, finding.Location);
        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, finding.Fingerprint);
        json.WriteEndObject();
        if (suppressed)
        {
            json.WriteStartArray("suppressions");
            json.WriteStartObject();
            json.WriteString("kind", "external");
            json.WriteString("justification", "Listed in the baseline or suppressed inline.");
            json.WriteEndObject();
            json.WriteEndArray();
        }
        WriteResultProperties(json, finding);
        json.WriteEndObject();
    }

    private static void WriteLocations(Utf8JsonWriter json, Location location)
    {
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", RelativeUri(location.Path));
        json.WriteString("uriBaseId", SourceRoot);
        json.WriteEndObject();
        if (location.Line > 0)
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", location.Line);
            json.WriteNumber("startColumn", Math.Max(1, location.Column));
            json.WriteNumber("endLine", Math.Max(location.Line, location.EndLine));
            json.WriteNumber("endColumn", Math.Max(1, location.EndColumn));
            json.WriteEndObject();
        }
        else if (location is { ByteOffset: { } offset, InnerPath: null })
        {
            // An offset inside an archive member is not an offset in the artifact: it stays in the properties.
            json.WriteStartObject("region");
            json.WriteNumber("byteOffset", offset);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteResultProperties(Utf8JsonWriter json, Finding finding)
    {
        json.WriteStartObject("properties");
        json.WriteString("severity", finding.Severity.ToName());
        json.WriteString("evidence", finding.Evidence);
        if (finding.Location.InnerPath is { } inner)
        {
            json.WriteString("innerPath", inner);
        }
        if (finding.Location.Commit is { } commit)
        {
            json.WriteString("commit", commit.Sha);
            json.WriteString("author", commit.Author);
            json.WriteString("email", commit.Email);
            json.WriteString("date", commit.Date.ToString("O", CultureInfo.InvariantCulture));
        }
        FindingProperties.Write(json, finding);
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    /// <summary>Percent-encodes each path segment so spaces and '#' survive as a relative URI reference.</summary>
    private static string RelativeUri(string path) =>
        string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static string PascalCase(string id) =>
        string.Concat(id.Split('-', '_', '.').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
