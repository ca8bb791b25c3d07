using Bulwark.Core.Findings;
using Bulwark.Core.Reports;

namespace Bulwark.Server.Tests.Web;

/// <summary>Gate reports as the engine writes them, for the run pages' tests.</summary>
internal static class RunPageTestData
{
    public static string Report(params Finding[] findings)
    {
        var report = new ScanReport("secrets-scan", "/workspace", findings, [], [], new ScanStatistics(3, 1200, TimeSpan.FromMilliseconds(12)));
        using var text = new StringWriter();
        new JsonReportWriter().Write(report, text, colors: false);
        return text.ToString();
    }

    public static Finding Finding(string rule, Severity severity, string path, int line, string message, string? innerPath = null) =>
        new(rule, rule + " title", severity, new Location(path, line, 1, line, 20) { InnerPath = innerPath }, message, "fp-" + rule, "AKIA****");
}
