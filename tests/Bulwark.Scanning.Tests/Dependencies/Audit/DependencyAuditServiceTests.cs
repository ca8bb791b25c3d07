using Bulwark.Core.Findings;
using Bulwark.Scanning.Dependencies.Database;

namespace Bulwark.Scanning.Tests.Dependencies.Audit;

public sealed class DependencyAuditServiceTests : IDisposable
{
    private readonly AuditHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static string Range(string id, string name, params (string, string)[] events) =>
        OsvFixtures.Advisory(id, "PyPI", name, events);

    private static Dictionary<string, List<string>> ByPackage(IEnumerable<Finding> findings) =>
        findings.Where(f => f.Properties.ContainsKey("version") && !f.RuleId.StartsWith("deps-", StringComparison.Ordinal))
            .GroupBy(f => f.Properties["package"])
            .ToDictionary(g => g.Key, g => g.Select(f => f.RuleId).Order(StringComparer.Ordinal).ToList());

    [Fact]
    public void Boundary_versions_are_decided_exactly()
    {
        _harness
            .WithAdvisories(
                Range("PYSEC-A", "alpha", ("introduced", "1.0"), ("fixed", "2.0")),
                Range("PYSEC-B", "beta", ("introduced", "0"), ("last_affected", "3.1")),
                Range("PYSEC-C", "gamma", ("introduced", "0"), ("fixed", "1!0.5")))
            .WithFile("requirements.txt", """
                alpha==1.0
                Alpha_Pkg==1.0
                beta==3.1
                gamma==9.0
                """)
            .WithFile("b/requirements.txt", """
                alpha==2.0
                alpha==2.0rc1
                beta==3.1.post1
                gamma==1!0.4
                """)
            .WithFile("c/requirements.txt", """
                alpha==0.9
                beta==3.1.1
                """);

        var findings = _harness.Audit().Report.Findings;

        // Not affected: alpha-pkg (another package), alpha 2.0 (exactly fixed) and 0.9, beta 3.1.post1 and
        // 3.1.1 (after last_affected), gamma 1!0.4 is affected but 9.0 is too (9.0 < 1!0.5).
        var affected = findings.Where(f => f.RuleId.StartsWith("PYSEC", StringComparison.Ordinal))
            .Select(f => $"{f.Location.Path}:{f.Properties["package"]}=={f.Properties["version"]}:{f.RuleId}")
            .Order(StringComparer.Ordinal);
        affected.ShouldBe([
            "b/requirements.txt:alpha==2.0rc1:PYSEC-A",   // a pre-release of the fix is before the fix
            "b/requirements.txt:gamma==1!0.4:PYSEC-C",    // epochs order before release numbers
            "requirements.txt:alpha==1.0:PYSEC-A",        // exactly introduced
            "requirements.txt:beta==3.1:PYSEC-B",         // exactly last_affected
            "requirements.txt:gamma==9.0:PYSEC-C",        // 9.0 (epoch 0) < 1!0.5
        ]);
    }

    [Fact]
    public void The_minimal_fix_skips_versions_another_advisory_affects()
    {
        _harness
            .WithAdvisories(
                Range("PYSEC-1", "torch", ("introduced", "0"), ("fixed", "1.5")),
                Range("PYSEC-2", "torch", ("introduced", "1.5"), ("fixed", "1.8")),
                Range("PYSEC-3", "torch", ("introduced", "2.0"), ("fixed", "2.1")),
                Range("PYSEC-4", "torch", ("introduced", "0"), ("fixed", "1.9rc1")))
            .WithFile("requirements.txt", "torch==1.4\n");

        var outcome = _harness.Audit();

        var match = outcome.Vulnerable.ShouldHaveSingleItem();
        match.Advisories.Select(a => a.Advisory.Id).ShouldBe(["PYSEC-1", "PYSEC-4"], ignoreOrder: true);
        // 1.5 is hit by PYSEC-2, 1.8 by PYSEC-4; the pre-release 1.9rc1 is not offered to a user of releases;
        // 2.1 (the fix of PYSEC-3, which 1.4 does not have) is the first version clear of all four.
        match.MinimalFix.ShouldBe("2.1");
        outcome.Report.Findings.First(f => f.RuleId == "PYSEC-1").ListProperties["fixedVersions"].ShouldBe(["1.5"]);
    }

    [Fact]
    public void The_minimal_fix_is_the_smallest_fixed_version_clear_of_every_advisory()
    {
        _harness
            .WithAdvisories(
                Range("PYSEC-1", "pillow", ("introduced", "0"), ("fixed", "9.0.0")),
                Range("PYSEC-2", "pillow", ("introduced", "9.0.0"), ("fixed", "9.0.1")),
                Range("PYSEC-3", "pillow", ("introduced", "0"), ("fixed", "8.3.2")))
            .WithFile("requirements.txt", "Pillow==8.2.0\n");

        var finding = _harness.Audit().Report.Findings.First(f => f.RuleId == "PYSEC-1");

        finding.Properties["minimalFix"].ShouldBe("9.0.1");
        finding.Evidence.ShouldBe("Pillow 8.2.0 → 9.0.1");
        finding.Message.ShouldContain("Vulnerability in pillow. Fixed in 9.0.0. Upgrading to 9.0.1 fixes all 2 advisories of Pillow.");
    }

    [Fact]
    public void Withdrawn_and_ignored_advisories_are_not_reported()
    {
        _harness
            .WithAdvisories(
                OsvFixtures.Advisory("PYSEC-W", "PyPI", "flask", [("introduced", "0"), ("fixed", "3.0")], withdrawn: "2024-05-01T00:00:00Z"),
                OsvFixtures.Advisory("PYSEC-I", "PyPI", "flask", [("introduced", "0"), ("fixed", "3.0")], aliases: ["CVE-2024-0001"]),
                OsvFixtures.Advisory("PYSEC-K", "PyPI", "flask", [("introduced", "0"), ("fixed", "3.0")]))
            .WithFile("requirements.txt", "flask==2.0\n");

        var findings = _harness.Audit(r => r with { IgnoreAdvisories = ["cve-2024-0001"] }).Report.Findings;

        findings.Select(f => f.RuleId).ShouldBe(["PYSEC-K"]);
    }

    [Fact]
    public void Severity_comes_from_cvss_then_the_database_then_a_default()
    {
        _harness
            .WithAdvisories(
                OsvFixtures.Advisory("GHSA-v4", "PyPI", "a-pkg", [("introduced", "0"), ("fixed", "2")], cvss: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
                OsvFixtures.Advisory("GHSA-v3", "PyPI", "a-pkg", [("introduced", "0"), ("fixed", "2")], cvss: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N"),
                OsvFixtures.Advisory("GHSA-db", "PyPI", "a-pkg", [("introduced", "0"), ("fixed", "2")], databaseSeverity: "MODERATE"),
                OsvFixtures.Advisory("MAL-2024-1", "PyPI", "a-pkg", [("introduced", "0")]),
                OsvFixtures.Advisory("PYSEC-none", "PyPI", "a-pkg", [("introduced", "0"), ("fixed", "2")]))
            .WithFile("requirements.txt", "a-pkg==1\n");

        var report = _harness.Audit().Report;
        var severity = report.Findings.ToDictionary(f => f.RuleId, f => f.Severity);

        severity["GHSA-v4"].ShouldBe(Severity.Critical); // 9.3
        report.Findings.Single(f => f.RuleId == "GHSA-v4").Properties["cvssV4Score"].ShouldBe("9.3");
        severity["GHSA-v3"].ShouldBe(Severity.Low);      // 3.1
        severity["GHSA-db"].ShouldBe(Severity.Medium);
        severity["MAL-2024-1"].ShouldBe(Severity.Critical);
        severity["PYSEC-none"].ShouldBe(Severity.Medium);
        report.Rules.Single(r => r.Id == "GHSA-v4").SecuritySeverity.ShouldBe(9.3);
        report.Rules.Single(r => r.Id == "GHSA-v4").HelpUri.ShouldBe("https://osv.dev/vulnerability/GHSA-v4");
    }

    [Fact]
    public void Conda_packages_are_checked_against_PyPI_advisories()
    {
        _harness
            .WithAdvisories(Range("PYSEC-N", "numpy", ("introduced", "0"), ("fixed", "1.22.0")))
            .WithFile("environment.yml", """
                name: train
                channels: [conda-forge]
                dependencies:
                  - python=3.10
                  - numpy=1.21.0
                """);

        var finding = _harness.Audit().Report.Findings.ShouldHaveSingleItem();

        finding.RuleId.ShouldBe("PYSEC-N");
        finding.Location.Line.ShouldBe(5);
        finding.Properties["ecosystem"].ShouldBe("conda");
    }

    [Fact]
    public void A_malformed_manifest_is_an_error_with_its_line_and_the_others_are_still_audited()
    {
        _harness
            .WithAdvisories(Range("PYSEC-R", "requests", ("introduced", "0"), ("fixed", "2.31.0")))
            .WithFile("requirements.txt", "requests==2.0.0\n")
            .WithFile("svc/pyproject.toml", "[project]\nname = \"svc\"\ndependencies = [\"requests==2.1.0\",\n");

        var outcome = _harness.Audit();

        outcome.Report.Findings.Single(f => f.RuleId == "PYSEC-R").Location.Path.ShouldBe("requirements.txt");
        var error = outcome.Report.Notices.Where(n => n.Level == NoticeLevel.Error).ShouldHaveSingleItem();
        error.Path.ShouldBe("svc/pyproject.toml");
        error.Message.ShouldMatch(@"^line \d+, column \d+: ");
        outcome.ManifestErrors.ShouldBe(1);
    }

    [Fact]
    public void An_unparseable_range_is_reported_once_and_does_not_stop_the_audit()
    {
        _harness
            .WithAdvisories(
                Range("PYSEC-BAD", "scrapy", ("introduced", "not a version!"), ("fixed", "2.0")),
                Range("PYSEC-OK", "scrapy", ("introduced", "0"), ("fixed", "2.0")))
            .WithFile("requirements.txt", "scrapy==1.0\n")
            .WithFile("other/requirements.txt", "scrapy==1.1\n");

        var report = _harness.Audit().Report;

        report.Findings.Where(f => f.RuleId.StartsWith("PYSEC", StringComparison.Ordinal)).Select(f => f.RuleId).ShouldBe(["PYSEC-OK", "PYSEC-OK"]);
        report.Notices.Count(n => n.Level == NoticeLevel.Warning && n.Path == "PYSEC-BAD").ShouldBe(1);
    }

    [Fact]
    public void The_audit_states_the_database_age_and_warns_when_it_is_stale_or_lacks_an_ecosystem()
    {
        _harness
            .WithAdvisories(OsvFixtures.Advisory("PYSEC-1", "PyPI", "x-pkg", [("introduced", "0"), ("fixed", "1")], modified: "2024-05-01T00:00:00Z"))
            .WithFile("requirements.txt", "x-pkg==2\n")
            .WithFile("environment.yml", "dependencies:\n  - pip:\n    - y-pkg==1\n");
        _harness.Time.Advance(TimeSpan.FromDays(40));

        var notices = _harness.Audit().Report.Notices;

        notices.ShouldContain(n => n.Level == NoticeLevel.Info && n.Message.StartsWith("PyPI: 1 advisories, snapshot 2024-05-01", StringComparison.Ordinal));
        notices.ShouldContain(n => n.Level == NoticeLevel.Warning && n.Message.Contains("PyPI advisories are 73 days old"));
    }

    [Fact]
    public void Without_a_database_the_audit_says_how_to_get_one()
    {
        _harness.WithFile("requirements.txt", "x==1\n");

        Should.Throw<AdvisoryDatabaseException>(() => _harness.Audit()).Message.ShouldContain("bulwark deps db update");
    }

    [Fact]
    public void Development_dependencies_can_be_left_out()
    {
        _harness
            .WithAdvisories(Range("PYSEC-P", "pytest", ("introduced", "0"), ("fixed", "9")))
            .WithFile("pyproject.toml", """
                [project]
                name = "app"
                dependencies = []
                [project.optional-dependencies]
                dev = ["pytest==7.0.0"]
                """);

        _harness.Audit().Report.Findings.ShouldHaveSingleItem().Properties["development"].ShouldBe("true");
        _harness.Audit(r => r with { SkipDevelopment = true }).Report.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void A_version_outside_the_scheme_still_matches_an_advisory_that_lists_it_verbatim()
    {
        _harness
            .WithAdvisories(OsvFixtures.Advisory("PYSEC-OLD", "PyPI", "buildbot", [("introduced", "0"), ("fixed", "0.8.5")], versions: ["0.8.4p1", "0.8.4"]))
            .WithFile("requirements.txt", "buildbot===0.8.4p1\n")
            .WithFile("b/requirements.txt", "buildbot===0.8.9p1\n");

        var outcome = _harness.Audit();

        var match = outcome.Vulnerable.ShouldHaveSingleItem();
        match.Package.File.ShouldBe("requirements.txt");
        match.MinimalFix.ShouldBeNull();
        outcome.Report.Notices.Count(n => n.Message.Contains("only advisories listing it verbatim")).ShouldBe(2);
    }
}
