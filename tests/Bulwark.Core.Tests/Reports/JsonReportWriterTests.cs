using System.Text.Json.Nodes;
using Bulwark.Core.Reports;

namespace Bulwark.Core.Tests.Reports;

public sealed class JsonReportWriterTests
{
    [Fact]
    public void Writes_summary_findings_locations_and_notices()
    {
        var writer = new StringWriter();
        new JsonReportWriter().Write(SampleReports.Create(), writer, colors: false);
        var json = JsonNode.Parse(writer.ToString())!;
        json["gate"]!.GetValue<string>().ShouldBe("secrets");
        json["summary"]!["findings"]!.GetValue<int>().ShouldBe(3);
        json["summary"]!["bySeverity"]!["critical"]!.GetValue<int>().ShouldBe(2);
        var findings = json["findings"]!.AsArray();
        findings[0]!["location"]!["line"]!.GetValue<int>().ShouldBe(3);
        findings[1]!["location"]!["innerPath"]!.GetValue<string>().ShouldBe("pkg/settings.py");
        findings[2]!["location"]!["commit"]!["author"]!.GetValue<string>().ShouldBe("Ada");
        findings[2]!["properties"]!["entropy"]!.GetValue<string>().ShouldBe("3.90");
        findings[2]!["properties"]!["aliases"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["CVE-2024-0001", "GHSA-aaaa-bbbb-cccc"]);
        json["notices"]![0]!["path"]!.GetValue<string>().ShouldBe("broken.ipynb");
    }
}
