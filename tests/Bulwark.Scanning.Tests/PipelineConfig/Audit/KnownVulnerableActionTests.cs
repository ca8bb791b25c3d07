using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Tests.PipelineConfig.Audit;

/// <summary>uses: references against OSV's GitHub Actions ecosystem, imported from hand-written records (Fixtures/osv).</summary>
public sealed class KnownVulnerableActionTests
{
    private static string Steps(params string[] uses) =>
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n" + string.Concat(uses.Select(u => $"      - uses: {u}\n"));

    [Fact]
    public void Tags_in_the_affected_range_and_floating_majors_are_reported_fixed_ones_not()
    {
        using var repo = new AuditRepo().WithAdvisories().Write(".github/workflows/a.yml", Steps(
            "tj-actions/changed-files@v45.0.7", "tj-actions/changed-files@v45", "TJ-Actions/Changed-Files@v35.7.6",
            "tj-actions/changed-files@v46.0.1", "tj-actions/changed-files@v46", "actions/checkout@v4"));

        var findings = repo.Audit().Rule("pipeline-known-vulnerable-action").ToList();

        findings.Select(f => f.Location.Line).ShouldBe([7, 8, 9]);
        var first = findings[0];
        first.Severity.ShouldBe(Severity.High);
        first.Message.ShouldContain("GHSA-mrrh-fwg8-r2c3 (CVE-2025-30066)");
        first.Message.ShouldContain("fixed in 46.0.1");
        first.Properties["advisory"].ShouldBe("GHSA-mrrh-fwg8-r2c3");
    }

    [Fact]
    public void Sha_pins_match_through_their_version_comment_or_when_the_advisory_lists_the_sha()
    {
        using var repo = new AuditRepo().WithAdvisories().Write(".github/workflows/a.yml", Steps(
            "tj-actions/changed-files@0e58ed8671d6b60d0890c21b07f8835ace038e67 # v45.0.7",
            "tj-actions/changed-files@2f7c5bfce28377bc069a65ba478de0a74aa0ca32",
            "example-org/deploy-action@0e58ed8671d6b60d0890c21b07f8835ace038e67",
            "example-org/deploy-action@2f7c5bfce28377bc069a65ba478de0a74aa0ca32"));

        var findings = repo.Audit().Rule("pipeline-known-vulnerable-action").ToList();

        findings.Select(f => f.Location.Line).ShouldBe([7, 9]);
        findings[0].Message.ShouldContain("(# v45.0.7)");
        findings[1].Severity.ShouldBe(Severity.Critical);
        findings[1].Properties["advisory"].ShouldBe("BULWARK-TEST-0001");
    }

    [Fact]
    public void Without_a_database_the_rule_is_skipped_with_a_note()
    {
        using var repo = new AuditRepo().Write(".github/workflows/a.yml", Steps("tj-actions/changed-files@v45.0.7"));

        var outcome = repo.Audit();

        outcome.Rule("pipeline-known-vulnerable-action").ShouldBeEmpty();
        outcome.Report.Notices.ShouldContain(n => n.Level == NoticeLevel.Info && n.Message.Contains("known-vulnerable-action rule was skipped"));
        outcome.FileErrors.ShouldBe(0);
    }
}
