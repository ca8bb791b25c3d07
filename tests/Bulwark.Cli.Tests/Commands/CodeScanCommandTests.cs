using System.Text.Json.Nodes;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

public sealed class CodeScanCommandTests : IDisposable
{
    private static readonly string Corpus = Path.Combine(RepositoryPaths.Root, "tests", "Bulwark.Scanning.Tests", "Code", "Fixtures", "corpus");

    private readonly TempDirectory _temp = new("bulwark-code-scan-cli-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Sarif_report_names_rules_by_category_points_at_lines_and_validates()
    {
        var sarifPath = _temp.Combine("out.sarif");

        var (code, stdout, stderr) = await CliRun.InProcess("code", "scan", Corpus, "--no-ignore", "--format", "sarif", "--output", sarifPath);

        code.ShouldBe(1, stderr);
        stdout.ShouldBeEmpty();
        var sarif = File.ReadAllText(sarifPath);
        SarifValidator.Validate(sarif).ShouldBeEmpty();
        var run = JsonNode.Parse(sarif)!["runs"]![0]!;
        var results = run["results"]!.AsArray();
        var ids = results.Select(r => r!["ruleId"]!.GetValue<string>()).ToHashSet();
        foreach (var category in (string[])["unsafe-deserialization", "remote-code", "code-injection", "sql-injection", "path-traversal", "tls-disabled", "insecure-serving", "weak-crypto", "hardcoded-credential"])
        {
            ids.ShouldContain(id => id.Contains(category), category);
        }
        JsonNode Result(string uri, string rule) => results.First(r => Uri(r!) == uri && r!["ruleId"]!.GetValue<string>() == rule)!;

        var torch = Result("train_resnet.py", "unsafe-deserialization-torch-load");
        Region(torch)["startLine"]!.GetValue<int>().ShouldBe(64);
        torch["level"]!.GetValue<string>().ShouldBe("error");

        var notebook = Result("explore_finetune.ipynb", "remote-code-trust-remote-code");
        Region(notebook)["startLine"]!.GetValue<int>().ShouldBe(48);
        notebook["properties"]!["cell"]!.GetValue<string>().ShouldBe("4");

        var taint = Result("langchain_agent.py", "sql-injection-formatted-query");
        taint["properties"]!["sourceLine"]!.GetValue<string>().ShouldBe("27");
        taint["properties"]!["sinkLine"]!.GetValue<string>().ShouldBe("29");

        var tls = Result("train_resnet.py", "tls-disabled-verify-false");
        tls["level"]!.GetValue<string>().ShouldBe("warning");
        run["tool"]!["driver"]!["rules"]!.AsArray().ShouldAllBe(r => r!["help"]!["text"]!.GetValue<string>().Length > 20);
    }

    [Fact]
    public async Task Import_merges_another_analysers_sarif_and_bad_input_exits_2()
    {
        _temp.Write("repo/app.py", "import pickle\nimport subprocess\nobj = pickle.loads(data)\nsubprocess.call('ls', shell=True)\n");
        var bandit = _temp.Write("bandit.sarif", """
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Bandit"}}, "results": [
              {"ruleId": "B301", "level": "warning", "message": {"text": "pickle"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app.py"}, "region": {"startLine": 3}}}]},
              {"ruleId": "B602", "level": "error", "message": {"text": "shell=True"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app.py"}, "region": {"startLine": 4}}}]}]}]}
            """);
        var output = _temp.Combine("merged.sarif");

        var (code, _, stderr) = await CliRun.InProcess("code", "scan", _temp.Combine("repo"), "--import", bandit, "--format", "sarif", "--output", output);

        code.ShouldBe(1, stderr);
        var ids = JsonNode.Parse(File.ReadAllText(output))!["runs"]![0]!["results"]!.AsArray().Select(r => r!["ruleId"]!.GetValue<string>()).ToList();
        ids.ShouldBe(["unsafe-deserialization-pickle", "bandit/B602"], ignoreOrder: true);

        var missing = await CliRun.InProcess("code", "scan", _temp.Combine("nothing-here"));
        missing.ExitCode.ShouldBe(2);
        var badImport = await CliRun.InProcess("code", "scan", _temp.Combine("repo"), "--import", _temp.Combine("none.sarif"), "--fail-on", "critical");
        badImport.ExitCode.ShouldBe(2);
    }

    private static string Uri(JsonNode result) => result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>();

    private static JsonNode Region(JsonNode result) => result["locations"]![0]!["physicalLocation"]!["region"]!;
}
