using System.IO.Compression;
using System.Text.Json.Nodes;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

/// <summary><c>bulwark deps …</c> end to end in process: database update, audit (contract shapes), fix.</summary>
public sealed class DepsCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-deps-cli-");

    private string DataDir => _temp.Combine("data");

    public void Dispose() => _temp.Dispose();

    private static string PyPIArchive => Path.Combine(RepositoryPaths.Shared, "osv", "PyPI-all.zip");

    private string Project(params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            _temp.Write(Path.Combine("project", path), content);
        }
        return Directory.CreateDirectory(_temp.Combine("project")).FullName;
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) =>
        CliRun.InProcess(["--data-dir", DataDir, .. args]);

    private async Task ImportPyPI() => (await Run("deps", "db", "update", "--source", PyPIArchive)).ExitCode.ShouldBe(0);

    [Fact]
    public async Task Update_then_audit_gives_one_sarif_result_per_package_and_advisory()
    {
        var (code, stdout, _) = await Run("deps", "db", "update", "--source", PyPIArchive);
        code.ShouldBe(0);
        stdout.ShouldContain("Imported 2,661 advisories");
        // requests 2.19.0: PYSEC-2018-28 (fixed 2.20.0) and PYSEC-2023-74 (fixed 2.31.0); 2.31.0 itself is clean.
        var project = Project(("requirements.txt", "requests==2.19.0\nurllib3==2.2.2\n"), ("other/requirements.txt", "requests==2.31.0\n"));
        var sarifPath = _temp.Combine("deps.sarif");

        (code, _, var stderr) = await Run("deps", "audit", project, "--format", "sarif", "--output", sarifPath);

        code.ShouldBe(1, stderr);
        var sarif = await File.ReadAllTextAsync(sarifPath);
        SarifValidator.Validate(sarif).ShouldBeEmpty();
        var run = JsonNode.Parse(sarif)!["runs"]![0]!;
        var results = run["results"]!.AsArray().Where(r => r!["ruleId"]!.GetValue<string>().StartsWith("PYSEC", StringComparison.Ordinal)).ToList();
        results.Select(r => r!["ruleId"]!.GetValue<string>()).ShouldBe(["PYSEC-2018-28", "PYSEC-2023-74"], ignoreOrder: true);
        foreach (var result in results)
        {
            result!["properties"]!["package"]!.GetValue<string>().ShouldBe("requests");
            result["properties"]!["version"]!.GetValue<string>().ShouldBe("2.19.0");
            result["properties"]!["aliases"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldContain(a => a.StartsWith("CVE-", StringComparison.Ordinal));
            result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>().ShouldBe("requirements.txt");
            result["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!.GetValue<int>().ShouldBe(1);
        }
        run["tool"]!["driver"]!["rules"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ShouldContain("PYSEC-2023-74");
        stderr.ShouldContain("advisories are"); // the stale-database warning reaches stderr in machine formats
    }

    [Fact]
    public async Task The_threshold_and_ignores_decide_the_exit_code()
    {
        await ImportPyPI();
        var project = Project(("requirements.txt", "requests==2.19.0\n"));

        (await Run("deps", "audit", project, "--fail-on", "critical")).ExitCode.ShouldBe(0);
        (await Run("deps", "audit", project, "--ignore", "PYSEC-2018-28", "--ignore", "CVE-2023-32681")).ExitCode.ShouldBe(0);
        var (code, stdout, _) = await Run("deps", "audit", project);
        code.ShouldBe(1);
        stdout.ShouldContain("PYSEC-2023-74");
        stdout.ShouldContain("requests 2.19.0 → 2.31.0");
    }

    [Fact]
    public async Task Without_a_database_or_with_a_broken_lockfile_the_audit_exits_2()
    {
        var project = Project(("requirements.txt", "requests==2.31.0\n"));
        var (code, _, stderr) = await Run("deps", "audit", project);
        code.ShouldBe(2);
        stderr.ShouldContain("bulwark deps db update");

        await ImportPyPI();
        _temp.Write("project/package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"dependencies\": {\"a\": \"1\"}}, \"node_modules/a\": {\"version\": ");
        (code, _, stderr) = await Run("deps", "audit", project, "--format", "json");
        code.ShouldBe(2);
        stderr.ShouldContain("package-lock.json");
    }

    [Fact]
    public async Task A_damaged_archive_is_refused_and_the_database_still_works()
    {
        await ImportPyPI();
        var bad = _temp.Combine("bad.zip");
        var bytes = await File.ReadAllBytesAsync(PyPIArchive);
        await File.WriteAllBytesAsync(bad, bytes[..(bytes.Length / 3)]);

        var (code, _, stderr) = await Run("deps", "db", "update", "--source", bad);

        code.ShouldBe(2);
        stderr.ShouldContain("bad.zip");
        stderr.ShouldContain("unchanged");
        var status = await Run("deps", "db", "status");
        status.ExitCode.ShouldBe(0);
        status.Stdout.ShouldContain("2,661 advisories");
    }

    [Fact]
    public async Task Fix_shows_a_diff_then_writes_and_the_project_audits_clean()
    {
        await ImportPyPI();
        var project = Project(("requirements.txt", "# service\nrequests==2.19.0\nclick==8.1.7\n"));

        var (code, diff, _) = await Run("deps", "fix", project);
        code.ShouldBe(0);
        diff.ShouldContain("-requests==2.19.0\n+requests==2.31.0\n");
        File.ReadAllText(Path.Combine(project, "requirements.txt")).ShouldContain("requests==2.19.0");

        (code, var written, _) = await Run("deps", "fix", project, "--write");
        code.ShouldBe(0);
        written.ShouldContain("requests 2.19.0 -> 2.31.0");
        File.ReadAllText(Path.Combine(project, "requirements.txt")).ShouldBe("# service\nrequests==2.31.0\nclick==8.1.7\n");
        (await Run("deps", "audit", project)).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Json_output_carries_package_fix_and_scope()
    {
        await ImportPyPI();
        var project = Project(("requirements.txt", "requests==2.19.0\n"));

        var (_, stdout, _) = await Run("deps", "audit", project, "--format", "json");

        var finding = JsonNode.Parse(stdout)!["findings"]!.AsArray().First(f => f!["ruleId"]!.GetValue<string>() == "PYSEC-2018-28")!;
        finding["properties"]!["minimalFix"]!.GetValue<string>().ShouldBe("2.31.0");
        finding["properties"]!["scope"]!.GetValue<string>().ShouldBe("direct");
        finding["properties"]!["fixedVersions"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["2.20.0"]);
    }

    [Fact]
    public async Task Status_without_a_database_says_how_to_create_one()
    {
        var (code, _, stderr) = await Run("deps", "db", "status");
        code.ShouldBe(2);
        stderr.ShouldContain("bulwark deps db update");
    }

    [Fact]
    public async Task Update_from_a_folder_of_documents_works_like_an_archive()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("osv-folder")).FullName;
        ZipFile.ExtractToDirectory(PyPIArchive, folder);

        var (code, stdout, _) = await Run("deps", "db", "update", "--source", folder);

        code.ShouldBe(0);
        stdout.ShouldContain("Imported 2,661 advisories");
    }
}
