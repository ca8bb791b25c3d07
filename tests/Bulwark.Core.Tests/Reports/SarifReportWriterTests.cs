using System.Text.Json.Nodes;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports;
using Bulwark.Tests.Shared;

namespace Bulwark.Core.Tests.Reports;

public sealed class SarifReportWriterTests
{
    private static JsonNode Write(ScanReport report, out string text)
    {
        var writer = new StringWriter();
        new SarifReportWriter().Write(report, writer, colors: false);
        text = writer.ToString();
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public void Output_validates_against_the_official_sarif_schema()
    {
        Write(SampleReports.Create(), out var text);
        SarifValidator.Validate(text).ShouldBeEmpty();
    }

    [Fact]
    public void Validator_rejects_sarif_that_breaks_the_schema()
    {
        var sarif = Write(SampleReports.Create(), out _);
        sarif["runs"]![0]!["results"]![0]!["level"] = "fatal";
        SarifValidator.Validate(sarif.ToJsonString()).ShouldNotBeEmpty();
    }

    [Fact]
    public void Levels_follow_severity_and_severity_is_kept_in_properties()
    {
        var results = Write(SampleReports.Create(), out _)["runs"]![0]!["results"]!.AsArray();
        results[0]!["level"]!.GetValue<string>().ShouldBe("error");
        results[0]!["properties"]!["severity"]!.GetValue<string>().ShouldBe("critical");
        results[1]!["level"]!.GetValue<string>().ShouldBe("warning");
        results[1]!["properties"]!["severity"]!.GetValue<string>().ShouldBe("medium");
        SarifReportWriter.Level(Severity.Low).ShouldBe("note");
        SarifReportWriter.Level(Severity.Info).ShouldBe("note");
        SarifReportWriter.Level(Severity.High).ShouldBe("error");
    }

    [Fact]
    public void Results_use_relative_uris_under_srcroot_with_partial_fingerprints()
    {
        var run = Write(SampleReports.Create("/tmp/project"), out _)["runs"]![0]!;
        run["originalUriBaseIds"]!["%SRCROOT%"]!["uri"]!.GetValue<string>().ShouldBe("file:///tmp/project/");
        var artifact = run["results"]![0]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!;
        artifact["uri"]!.GetValue<string>().ShouldBe("src/my%20app/config%20%231.py");
        artifact["uriBaseId"]!.GetValue<string>().ShouldBe("%SRCROOT%");
        run["results"]![0]!["partialFingerprints"]![SarifReportWriter.FingerprintKey]!.GetValue<string>().Length.ShouldBe(64);
    }

    [Fact]
    public void Rules_carry_help_text_and_security_severity_for_github()
    {
        var rules = Write(SampleReports.Create(), out _)["runs"]![0]!["tool"]!["driver"]!["rules"]!.AsArray();
        rules.Count.ShouldBe(2);
        var aws = rules.Single(r => r!["id"]!.GetValue<string>() == "aws-access-key-id")!;
        aws["help"]!["text"]!.GetValue<string>().ShouldBe("Rotate the key.");
        aws["properties"]!["security-severity"]!.GetValue<string>().ShouldBe("9.5");
        aws["defaultConfiguration"]!["level"]!.GetValue<string>().ShouldBe("error");
    }

    [Fact]
    public void A_rule_with_its_own_score_uses_it_for_security_severity()
    {
        var report = SampleReports.Create();
        report = report with { Rules = [SampleReports.AwsRule with { SecuritySeverity = 7.46 }, SampleReports.GenericRule] };
        var rules = Write(report, out _)["runs"]![0]!["tool"]!["driver"]!["rules"]!.AsArray();
        rules.Single(r => r!["id"]!.GetValue<string>() == "aws-access-key-id")!["properties"]!["security-severity"]!.GetValue<string>().ShouldBe("7.5");
    }

    [Fact]
    public void History_and_archive_details_go_into_result_properties()
    {
        var results = Write(SampleReports.Create(), out _)["runs"]![0]!["results"]!.AsArray();
        results[1]!["properties"]!["innerPath"]!.GetValue<string>().ShouldBe("pkg/settings.py");
        results[2]!["properties"]!["commit"]!.GetValue<string>().ShouldStartWith("0123456789");
        results[2]!["properties"]!["author"]!.GetValue<string>().ShouldBe("Ada");
        results[2]!["properties"]!["aliases"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public void Suppressed_findings_are_kept_with_a_suppression()
    {
        var report = SampleReports.Create();
        report = report with { Findings = report.Findings.Take(1).ToList(), Suppressed = report.Findings.Skip(1).ToList() };
        Write(report, out var text)["runs"]![0]!["results"]!.AsArray()[1]!["suppressions"]![0]!["kind"]!.GetValue<string>().ShouldBe("external");
        SarifValidator.Validate(text).ShouldBeEmpty();
    }

    [Fact]
    public void Empty_scan_is_valid_sarif()
    {
        var report = new ScanReport("secrets", "/tmp/x", [], [], [], new ScanStatistics(0, 0, TimeSpan.Zero));
        Write(report, out var text)["runs"]![0]!["results"]!.AsArray().Count.ShouldBe(0);
        SarifValidator.Validate(text).ShouldBeEmpty();
    }
}
