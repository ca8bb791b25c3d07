using System.Text.Json.Nodes;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

public sealed class PipelineAuditCommandTests : IDisposable
{
    private const string Vulnerable = """
        on: pull_request_target
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
                with:
                  ref: ${{ github.event.pull_request.head.sha }}
              - run: echo "${{ github.event.pull_request.title }}"
              - uses: tj-actions/changed-files@v45

        """;

    private readonly TempDirectory _temp = new("bulwark-pipeline-audit-cli-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Sarif_report_names_rules_by_category_and_validates()
    {
        _temp.Write("repo/.github/workflows/pr.yml", Vulnerable);
        _temp.Write("repo/.gitlab-ci.yml", "build:\n  image: python:latest\n  script: [make]\n");
        var sarifPath = _temp.Combine("out.sarif");

        var (code, stdout, stderr) = await CliRun.InProcess("pipeline", "audit", _temp.Combine("repo"), "--format", "sarif", "--output", sarifPath, "--data-dir", _temp.Combine("data"));

        code.ShouldBe(1, stderr);
        stdout.ShouldBeEmpty();
        var sarif = File.ReadAllText(sarifPath);
        SarifValidator.Validate(sarif).ShouldBeEmpty();
        var run = JsonNode.Parse(sarif)!["runs"]![0]!;
        var results = run["results"]!.AsArray();
        var ids = results.Select(r => r!["ruleId"]!.GetValue<string>()).ToHashSet();
        foreach (var category in (string[])["template-injection", "dangerous-trigger", "unpinned-action", "unpinned-image", "excessive-permissions"])
        {
            ids.ShouldContain(id => id.Contains(category), category);
        }
        var injection = results.First(r => r!["ruleId"]!.GetValue<string>() == "pipeline-template-injection")!;
        var region = injection["locations"]![0]!["physicalLocation"]!["region"]!;
        (region["startLine"]!.GetValue<int>(), region["startColumn"]!.GetValue<int>()).ShouldBe((9, 20));
        injection["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>().ShouldBe(".github/workflows/pr.yml");
        run["tool"]!["driver"]!["rules"]!.AsArray().ShouldAllBe(r => r!["help"]!["text"]!.GetValue<string>().Length > 20);
    }

    [Fact]
    public async Task Fail_on_and_baseline_behave_as_in_other_gates_and_invalid_files_exit_2()
    {
        _temp.Write("repo/.github/workflows/pr.yml", Vulnerable);
        var baseline = _temp.Combine("baseline.json");

        var first = await CliRun.InProcess("pipeline", "audit", _temp.Combine("repo"), "--format", "json", "--write-baseline", baseline, "--data-dir", _temp.Combine("data"));
        var again = await CliRun.InProcess("pipeline", "audit", _temp.Combine("repo"), "--baseline", baseline, "--data-dir", _temp.Combine("data"));
        _temp.Write("repo/.github/workflows/broken.yml", "on: [push\n");
        var broken = await CliRun.InProcess("pipeline", "audit", _temp.Combine("repo"), "--baseline", baseline, "--format", "json", "--data-dir", _temp.Combine("data"));

        first.ExitCode.ShouldBe(1, first.Stderr);
        JsonNode.Parse(first.Stdout)!["findings"]!.AsArray().Count.ShouldBeGreaterThan(3);
        again.ExitCode.ShouldBe(0, again.Stderr);
        broken.ExitCode.ShouldBe(2, broken.Stderr);
        broken.Stderr.ShouldContain("bulwark: error: .github/workflows/broken.yml:");
    }

    [Fact]
    public async Task Fix_prints_a_diff_and_fix_write_applies_it()
    {
        var workflow = _temp.Write("repo/.github/workflows/pr.yml", Vulnerable);

        var dry = await CliRun.InProcess("pipeline", "audit", _temp.Combine("repo"), "--fix", "--data-dir", _temp.Combine("data"));
        File.ReadAllText(workflow).ShouldBe(Vulnerable);
        var write = await CliRun.InProcess("pipeline", "audit", _temp.Combine("repo"), "--fix", "--write", "--data-dir", _temp.Combine("data"));
        var usage = await CliRun.InProcess("pipeline", "audit", _temp.Combine("repo"), "--write");

        dry.ExitCode.ShouldBe(0, dry.Stderr);
        dry.Stdout.ShouldContain("+++ b/.github/workflows/pr.yml");
        dry.Stdout.ShouldContain("+          PULL_REQUEST_TITLE: ${{ github.event.pull_request.title }}");
        dry.Stderr.ShouldContain("--fix --write");
        write.ExitCode.ShouldBe(0, write.Stderr);
        var fixedText = File.ReadAllText(workflow);
        fixedText.ShouldContain("persist-credentials: false");
        fixedText.ShouldContain("run: echo \"${PULL_REQUEST_TITLE}\"");
        usage.ExitCode.ShouldBe(2);
    }
}
