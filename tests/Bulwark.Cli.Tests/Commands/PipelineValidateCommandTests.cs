using System.Text.Json.Nodes;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

public sealed class PipelineValidateCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-pipeline-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Valid_pipeline_exits_0_and_errors_exit_1_with_file_line_column()
    {
        var valid = _temp.Write("ok.yml", "on: [push, manual]\njobs:\n  test:\n    steps:\n      - run: pytest -q\n      - uses: bulwark/secrets-scan\n");
        var invalid = _temp.Write("bad.yml", $"on: push\njobs:\n  test:\n    needs: [build]\n    env:\n      GITHUB_TOKEN: {CliRun.Token(3)}\n    steps: [{{ run: make }}]\n");

        var ok = await CliRun.InProcess("pipeline", "validate", valid);
        var bad = await CliRun.InProcess("pipeline", "validate", invalid);

        ok.ExitCode.ShouldBe(0, ok.Stderr);
        ok.Stdout.ShouldBe($"{valid}: valid (1 job(s))\n");
        bad.ExitCode.ShouldBe(2, bad.Stderr);
        var lines = bad.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        lines[0].ShouldBe($"{invalid}:4:13: needs unknown job 'build'");
        lines[1].ShouldStartWith($"{invalid}:6:21: job 'test' env.GITHUB_TOKEN holds a hard-coded credential");
        bad.Stdout.ShouldNotContain(CliRun.Token(3));
    }

    [Fact]
    public async Task Json_format_lists_errors_and_a_missing_file_is_a_usage_error()
    {
        var invalid = _temp.Write("bad.yml", "on: push\njobs:\n  a:\n    timeout: 99h\n    steps: [{ run: make }]\n");

        var json = await CliRun.InProcess("pipeline", "validate", invalid, "--format", "json");
        var missing = await CliRun.InProcess("pipeline", "validate", _temp.Combine("nope.yml"));

        json.ExitCode.ShouldBe(2, json.Stderr);
        var error = JsonNode.Parse(json.Stdout)!.AsArray().ShouldHaveSingleItem()!;
        error["file"]!.GetValue<string>().ShouldBe(invalid);
        error["line"]!.GetValue<int>().ShouldBe(4);
        error["column"]!.GetValue<int>().ShouldBe(14);
        error["message"]!.GetValue<string>().ShouldStartWith("timeout '99h'");
        missing.ExitCode.ShouldBe(2);
        missing.Stderr.ShouldContain("no such file");
    }
}
