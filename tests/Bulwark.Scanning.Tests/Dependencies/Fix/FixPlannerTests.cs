using Bulwark.Scanning.Dependencies.Fix;
using Bulwark.Scanning.Tests.Dependencies.Audit;

namespace Bulwark.Scanning.Tests.Dependencies.Fix;

public sealed class FixPlannerTests : IDisposable
{
    private readonly AuditHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static string Fixed(string id, string name, string fixedIn) =>
        OsvFixtures.Advisory(id, "PyPI", name, [("introduced", "0"), ("fixed", fixedIn)]);

    [Fact]
    public void Writes_the_minimal_fixes_keeping_everything_else_and_the_result_audits_clean()
    {
        const string requirements = "# app\r\nrequests==2.19.0  # proxy\r\nflask==2.0.0\r\nclick==8.0.0\r\n";
        _harness
            .WithAdvisories(Fixed("PYSEC-R", "requests", "2.31.0"), Fixed("PYSEC-F", "flask", "2.2.5"))
            .WithFile("requirements.txt", requirements);
        var outcome = _harness.Audit();

        var plan = FixPlanner.Plan(outcome.Report.ScanRoot, outcome.Vulnerable, outcome.Manifests);
        var diff = FixApplier.Diff(outcome.Report.ScanRoot, plan);
        FixApplier.Apply(outcome.Report.ScanRoot, plan);

        diff.ShouldStartWith("--- a/requirements.txt\n+++ b/requirements.txt\n@@ -1,4 +1,4 @@\n");
        diff.ShouldContain("-requests==2.19.0  # proxy\r\n+requests==2.31.0  # proxy\r\n");
        File.ReadAllText(Path.Combine(_harness.Project, "requirements.txt"))
            .ShouldBe("# app\r\nrequests==2.31.0  # proxy\r\nflask==2.2.5\r\nclick==8.0.0\r\n");
        _harness.Audit().Vulnerable.ShouldBeEmpty();
    }

    [Fact]
    public void A_lockfile_is_fixed_through_the_manifest_beside_it_and_the_regeneration_step_is_named()
    {
        _harness
            .WithAdvisories(Fixed("PYSEC-N", "numpy", "1.22.0"))
            .WithFile("pyproject.toml", """
                [tool.poetry]
                name = "trainer"
                [tool.poetry.dependencies]
                python = "^3.10"
                numpy = "^1.21"
                """)
            .WithFile("poetry.lock", """
                [[package]]
                name = "numpy"
                version = "1.21.0"
                description = ""
                optional = false
                python-versions = ">=3.7"

                [metadata]
                lock-version = "2.0"
                python-versions = "^3.10"
                content-hash = "0"
                """);
        var outcome = _harness.Audit();

        var plan = FixPlanner.Plan(outcome.Report.ScanRoot, outcome.Vulnerable, outcome.Manifests);

        var edit = plan.Edits.ShouldHaveSingleItem();
        edit.File.ShouldBe("pyproject.toml");
        edit.After.ShouldBe("numpy = \"^1.22.0\"");
        plan.Manual.ShouldHaveSingleItem().Message.ShouldContain("poetry update numpy");
    }

    [Fact]
    public void Hash_pinned_lines_and_packages_without_a_fix_become_manual_steps()
    {
        _harness
            .WithAdvisories(Fixed("PYSEC-H", "urllib3", "1.26.18"), OsvFixtures.Advisory("PYSEC-X", "PyPI", "abandoned", [("introduced", "0")]))
            .WithFile("requirements.txt", "urllib3==1.26.0 --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\nabandoned==1.0\n");
        var outcome = _harness.Audit();

        var plan = FixPlanner.Plan(outcome.Report.ScanRoot, outcome.Vulnerable, outcome.Manifests);

        plan.Edits.ShouldBeEmpty();
        plan.Manual.Select(m => m.Package).ShouldBe(["urllib3", "abandoned"], ignoreOrder: true);
        plan.Manual.Single(m => m.Package == "urllib3").Message.ShouldContain("regenerate the hashes");
    }

    [Fact]
    public void Apply_refuses_a_file_that_changed_since_the_plan()
    {
        _harness.WithAdvisories(Fixed("PYSEC-R", "requests", "2.31.0")).WithFile("requirements.txt", "requests==2.19.0\n");
        var outcome = _harness.Audit();
        var plan = FixPlanner.Plan(outcome.Report.ScanRoot, outcome.Vulnerable, outcome.Manifests);
        File.WriteAllText(Path.Combine(_harness.Project, "requirements.txt"), "requests==2.20.0\n");

        Should.Throw<IOException>(() => FixApplier.Apply(outcome.Report.ScanRoot, plan)).Message.ShouldContain("requirements.txt:1");
        File.ReadAllText(Path.Combine(_harness.Project, "requirements.txt")).ShouldBe("requests==2.20.0\n");
    }
}
