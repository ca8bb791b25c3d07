using System.Text.Json.Nodes;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

public sealed class SecretsScanCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-cli-");

    private string Root => _temp.Path;

    public void Dispose() => _temp.Dispose();

    private string Project(params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            _temp.Write(Path.Combine("project", path), content);
        }
        return Directory.CreateDirectory(_temp.Combine("project")).FullName;
    }

    [Fact]
    public async Task Findings_at_the_threshold_exit_1_and_sarif_validates()
    {
        var project = Project(("src/app.py", $"import os\nTOKEN = \"{CliRun.Token(1)}\"\n"), ("README.md", "hello\n"));
        var sarifPath = Path.Combine(Root, "out.sarif");
        var (code, stdout, stderr) = await CliRun.InProcess("secrets", "scan", project, "--format", "sarif", "--output", sarifPath);
        code.ShouldBe(1, stderr);
        stdout.ShouldBeEmpty();
        var sarif = File.ReadAllText(sarifPath);
        SarifValidator.Validate(sarif).ShouldBeEmpty();
        var result = JsonNode.Parse(sarif)!["runs"]![0]!["results"]!.AsArray().ShouldHaveSingleItem()!;
        result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>().ShouldBe("src/app.py");
        result["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!.GetValue<int>().ShouldBe(2);
        sarif.ShouldNotContain(CliRun.Token(1));
    }

    [Fact]
    public async Task Clean_tree_exits_0_with_a_table()
    {
        var project = Project(("a.py", "print('hello')\n"));
        var (code, stdout, _) = await CliRun.InProcess("secrets", "scan", project);
        code.ShouldBe(0);
        stdout.ShouldContain("no findings");
    }

    [Fact]
    public async Task Fail_on_critical_lets_high_findings_pass()
    {
        var project = Project(("a.py", $"t = \"{CliRun.Token(2)}\"\n"));
        var (code, stdout, _) = await CliRun.InProcess("secrets", "scan", project, "--fail-on", "critical", "--format", "json");
        code.ShouldBe(0);
        JsonNode.Parse(stdout)!["findings"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Baseline_written_then_used_hides_known_findings_only()
    {
        var project = Project(("a.py", $"t = \"{CliRun.Token(3)}\"\n"));
        var baseline = Path.Combine(Root, "baseline.json");
        (await CliRun.InProcess("secrets", "scan", project, "--write-baseline", baseline)).ExitCode.ShouldBe(1);
        (await CliRun.InProcess("secrets", "scan", project, "--baseline", baseline)).ExitCode.ShouldBe(0);
        File.AppendAllText(Path.Combine(project, "a.py"), $"u = \"{CliRun.Token(4)}\"\n");
        var (code, stdout, _) = await CliRun.InProcess("secrets", "scan", project, "--baseline", baseline, "--format", "json");
        code.ShouldBe(1);
        var json = JsonNode.Parse(stdout)!;
        json["findings"]!.AsArray().ShouldHaveSingleItem()!["location"]!["line"]!.GetValue<int>().ShouldBe(2);
        json["summary"]!["suppressed"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Bulwark_toml_excludes_paths_and_sets_the_threshold()
    {
        var project = Project(
            ("bulwark.toml", "[scan]\nexclude = [\"fixtures/\"]\n[secrets]\nfail_on = \"critical\"\n"),
            ("fixtures/fake.py", $"t = \"{CliRun.Token(5)}\"\n"),
            ("app.py", $"t = \"{CliRun.Token(6)}\"\n"));
        var (code, stdout, _) = await CliRun.InProcess("secrets", "scan", project, "--format", "json");
        code.ShouldBe(0);
        JsonNode.Parse(stdout)!["findings"]!.AsArray().ShouldHaveSingleItem()!["location"]!["path"]!.GetValue<string>().ShouldBe("app.py");
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--fail-on", "severe")]
    [InlineData("--bogus-option", "x")]
    [InlineData("--max-file-size", "huge")]
    public async Task Usage_errors_exit_2(string option, string value)
    {
        var (code, _, stderr) = await CliRun.InProcess("secrets", "scan", Root, option, value);
        code.ShouldBe(2);
        stderr.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Missing_path_and_bad_config_exit_2_naming_them()
    {
        var missing = Path.Combine(Root, "does-not-exist");
        var (code, _, stderr) = await CliRun.InProcess("secrets", "scan", missing);
        code.ShouldBe(2);
        stderr.ShouldContain("does-not-exist");

        var project = Project(("bulwark.toml", "[secrets]\nfail_on = \"often\"\n"));
        (code, _, stderr) = await CliRun.InProcess("secrets", "scan", project);
        code.ShouldBe(2);
        stderr.ShouldContain("bulwark.toml");
        stderr.ShouldContain("fail_on");
    }

    [Fact]
    public async Task Gitleaks_config_replaces_the_rules()
    {
        var config = Path.Combine(Root, "gitleaks.toml");
        File.WriteAllText(config, "[[rules]]\nid = \"acme\"\nregex = '''acme_[0-9]{10}'''\nkeywords = [\"acme_\"]\n");
        var project = Project(("a.txt", $"x = acme_4829104736\ny = \"{CliRun.Token(7)}\"\n"));
        var (code, stdout, _) = await CliRun.InProcess("secrets", "scan", project, "--config", config, "--format", "json");
        code.ShouldBe(1);
        JsonNode.Parse(stdout)!["findings"]!.AsArray().ShouldHaveSingleItem()!["ruleId"]!.GetValue<string>().ShouldBe("acme");
    }

    [Fact]
    public async Task Gitignored_files_are_skipped_unless_no_ignore()
    {
        var project = Project(("app.py", "x = 1\n"), ("secrets.env", $"T={CliRun.Token(8)}\n"), (".gitignore", "*.env\n"));
        CliRun.Git(project, "init", "-q");
        (await CliRun.InProcess("secrets", "scan", project)).ExitCode.ShouldBe(0);
        (await CliRun.InProcess("secrets", "scan", project, "--no-ignore")).ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task Gitignore_is_respected_outside_git_too_and_broken_symlinks_get_a_notice()
    {
        var project = Project(("keep.py", "x = 1\n"), ("build/out.txt", $"T={CliRun.Token(9)}\n"), (".gitignore", "build/\n"));
        File.CreateSymbolicLink(Path.Combine(project, "dangling"), Path.Combine(project, "nowhere"));
        var (code, stdout, _) = await CliRun.InProcess("secrets", "scan", project, "--format", "json");
        code.ShouldBe(0);
        var notice = JsonNode.Parse(stdout)!["notices"]!.AsArray().ShouldHaveSingleItem()!;
        notice["path"]!.GetValue<string>().ShouldBe("dangling");
        notice["message"]!.GetValue<string>().ShouldContain("broken symbolic link");
    }

    [Fact]
    public async Task Oversized_files_are_skipped_with_a_notice()
    {
        var project = Project(("big.txt", new string('a', 4096) + $"\nT={CliRun.Token(10)}\n"));
        var (code, stdout, _) = await CliRun.InProcess("secrets", "scan", project, "--max-file-size", "1KB", "--format", "json");
        code.ShouldBe(0);
        JsonNode.Parse(stdout)!["notices"]![0]!["message"]!.GetValue<string>().ShouldContain("file size limit");
    }

    [Fact]
    public async Task History_scan_reports_the_introducing_commit_in_sarif()
    {
        var project = Project(("app.py", "x = 1\n"));
        CliRun.Git(project, "init", "-q");
        CliRun.Git(project, "config", "user.name", "Grace");
        CliRun.Git(project, "config", "user.email", "grace@example.test");
        CliRun.Git(project, "add", ".");
        CliRun.Git(project, "commit", "-qm", "one");
        File.WriteAllText(Path.Combine(project, "app.py"), $"x = 1\nTOKEN = \"{CliRun.Token(11)}\"\n");
        CliRun.Git(project, "commit", "-qam", "two");
        File.WriteAllText(Path.Combine(project, "app.py"), "x = 2\n");
        CliRun.Git(project, "commit", "-qam", "three");

        (await CliRun.InProcess("secrets", "scan", project)).ExitCode.ShouldBe(0);
        var sarifPath = Path.Combine(Root, "history.sarif");
        var (code, _, stderr) = await CliRun.InProcess("secrets", "scan", "--history", project, "--format", "sarif", "--output", sarifPath);
        code.ShouldBe(1, stderr);
        var sarif = File.ReadAllText(sarifPath);
        SarifValidator.Validate(sarif).ShouldBeEmpty();
        var properties = JsonNode.Parse(sarif)!["runs"]![0]!["results"]![0]!["properties"]!;
        properties["author"]!.GetValue<string>().ShouldBe("Grace");
        properties["commit"]!.GetValue<string>().Length.ShouldBe(40);
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        var (code, stdout, _) = await CliRun.InProcess("--version");
        code.ShouldBe(0);
        stdout.ShouldMatch(@"^\d+\.\d+\.\d+");
    }
}
