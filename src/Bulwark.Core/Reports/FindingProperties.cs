using System.Text.Json;
using Bulwark.Core.Findings;

namespace Bulwark.Core.Reports;

/// <summary>Writes a finding's extra properties the same way in every JSON-based report.</summary>
internal static class FindingProperties
{
    public static void Write(Utf8JsonWriter json, Finding finding)
    {
        foreach (var (key, value) in finding.Properties)
        {
            json.WriteString(key, value);
        }
        foreach (var (key, values) in finding.ListProperties)
        {
            json.WriteStartArray(key);
            foreach (var value in values)
            {
                json.WriteStringValue(value);
            }
            json.WriteEndArray();
        }
        foreach (var (key, values) in finding.NumberListProperties)
        {
            json.WriteStartArray(key);
            foreach (var value in values)
            {
                json.WriteNumberValue(value);
            }
            json.WriteEndArray();
        }
    }
}
