using System.Text.Json;
using Bulwark.Core.Findings;

namespace Bulwark.Cli.Commands;

/// <summary>
/// The parts every gate-verdict predicate shares (data check, eval gate): it opens with the gate, the verdict and
/// the tool, and closes with the counts per severity and the findings, so a verifier reads them the same way.
/// </summary>
internal static class GateVerdictJson
{
    public static void WriteVerdict(Utf8JsonWriter json, ScanReport report, int exit)
    {
        json.WriteString("gate", report.Gate);
        json.WriteString("verdict", exit == ExitCodes.Clean ? "pass" : "fail");
        json.WriteString("tool", Core.ToolInfo.FullName + " " + Core.ToolInfo.Version);
    }

    /// <summary>Counts and findings; each finding also carries those of <paramref name="propertyKeys"/> it has.</summary>
    public static void WriteFindings(Utf8JsonWriter json, ScanReport report, IReadOnlyList<string> propertyKeys)
    {
        json.WriteStartObject("counts");
        foreach (var severity in Enum.GetValues<Severity>().Reverse())
        {
            json.WriteNumber(severity.ToName(), report.Findings.Count(f => f.Severity == severity));
        }
        json.WriteEndObject();
        json.WriteStartArray("findings");
        foreach (var finding in report.Findings)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", finding.RuleId);
            json.WriteString("severity", finding.Severity.ToName());
            json.WriteString("message", finding.Message);
            foreach (var key in propertyKeys)
            {
                if (finding.Properties.TryGetValue(key, out var value))
                {
                    json.WriteString(key, value);
                }
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
