using Bulwark.Core.Findings;
using Bulwark.Core.Reports;

namespace Bulwark.Core.Tests.Reports;

public sealed class TableReportWriterTests
{
    [Fact]
    public void Table_lists_each_finding_with_location_evidence_and_commit_then_a_summary()
    {
        var writer = new StringWriter();
        new TableReportWriter().Write(SampleReports.Create(), writer, colors: false);
        var text = writer.ToString();
        text.ShouldContain("src/my app/config #1.py:3:7");
        text.ShouldContain("dist/pkg.whl!pkg/settings.py:12:5");
        text.ShouldContain("AKIA…(20 chars)");
        text.ShouldContain("0123456789 Ada 2024-05-01");
        text.ShouldContain("3 findings");
        text.ShouldContain("  1. AWS access key ID found");
        text.ShouldContain("warning: broken.ipynb: invalid notebook JSON at line 3");
        text.ShouldNotContain("\u001b[");
    }

    [Fact]
    public void Clean_scan_says_no_findings()
    {
        var writer = new StringWriter();
        new TableReportWriter().Write(new ScanReport("secrets", "/x", [], [], [], new ScanStatistics(3, 10, TimeSpan.Zero)), writer, colors: false);
        writer.ToString().ShouldContain("no findings");
        writer.ToString().ShouldContain("scanned 3 files");
    }

    [Fact]
    public void Summary_counts_history_in_commits_and_blobs_with_singulars()
    {
        var writer = new StringWriter();
        var statistics = new ScanStatistics(1, 10, TimeSpan.Zero) { Commits = 1 };
        new TableReportWriter().Write(new ScanReport("secrets", "/x", [], [], [], statistics), writer, colors: false);
        writer.ToString().ShouldContain("scanned 1 commit, 1 blob");
    }
}
