using Bulwark.Core.Findings;
using Bulwark.Scanning.Code;
using Bulwark.Tests.Shared;

namespace Bulwark.Scanning.Tests.Code;

public sealed class CodeScanServiceTests
{
    private static CodeScanOutcome Scan(TempDirectory directory, CodeScanRequest? request = null) =>
        new CodeScanService(TimeProvider.System).Run((request ?? new CodeScanRequest(directory.Path)) with { Path = directory.Path, RespectIgnore = false }, CancellationToken.None);

    [Fact]
    public void Syntax_error_is_reported_with_file_line_column_and_the_rest_of_the_file_is_analysed()
    {
        using var directory = new TempDirectory("code-scan");
        directory.Write("train.py", "import pickle\n\ndef broken(:\n    pass\n\nmodel = pickle.load(open('m.pkl', 'rb'))\n");
        var report = Scan(directory).Report;
        report.Notices.ShouldContain(n => n.Path == "train.py:3:12" && n.Message.Contains("syntax error"));
        report.Findings.ShouldContain(f => f.RuleId == "unsafe-deserialization-pickle" && f.Location.Line == 6);
    }

    [Fact]
    public void Python_2_file_gives_a_clear_notice_and_other_files_are_still_scanned()
    {
        using var directory = new TempDirectory("code-scan");
        directory.Write("legacy.py", "import urllib2\nprint \"fetching\"\ntry:\n    pass\nexcept IOError, e:\n    print e\n");
        directory.Write("app.py", "import torch\ntorch.load('x.pt')\n");
        var report = Scan(directory).Report;
        report.Notices.ShouldContain(n => n.Path.StartsWith("legacy.py:2", StringComparison.Ordinal) && n.Message.Contains("Python 2"));
        report.Notices.Count(n => n.Path.StartsWith("legacy.py", StringComparison.Ordinal)).ShouldBe(1);
        report.Findings.ShouldContain(f => f.Location.Path == "app.py");
    }

    [Fact]
    public void Huge_and_deeply_nested_files_are_bounded()
    {
        using var directory = new TempDirectory("code-scan");
        directory.Write("huge.py", "x = 1\n" + string.Concat(Enumerable.Repeat("y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n", 200_000)));
        directory.Write("deep.py", "x = " + new string('(', 50_000) + new string(')', 50_000) + "\nimport pickle\npickle.loads(b)\n");
        directory.Write("chain.py", "x = a" + string.Concat(Enumerable.Repeat(" + a", 100_000)) + "\n");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var report = Scan(directory, new CodeScanRequest(".") { MaxFileBytes = 1 << 20 }).Report;
        report.Notices.ShouldContain(n => n.Path == "huge.py" && n.Message.Contains("larger than"));
        report.Notices.ShouldContain(n => n.Path.StartsWith("deep.py:1", StringComparison.Ordinal) && n.Message.Contains("nesting"));
        report.Findings.ShouldContain(f => f.Location.Path == "deep.py" && f.Location.Line == 3);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Invalid_notebook_json_is_a_notice_with_its_position()
    {
        using var directory = new TempDirectory("code-scan");
        directory.Write("broken.ipynb", "{\"cells\": [\n {\"cell_type\": \"code\", \"source\": [\"import pickle\\n\"\n");
        var report = Scan(directory).Report;
        report.Notices.ShouldContain(n => n.Path == "broken.ipynb" && n.Message.StartsWith("invalid notebook JSON at line", StringComparison.Ordinal));
    }

    [Fact]
    public void Notebook_findings_point_at_the_json_line_and_carry_the_cell_index()
    {
        using var directory = new TempDirectory("code-scan");
        directory.Write("nb.ipynb", """
            {
             "cells": [
              {"cell_type": "code", "source": ["import torch\n"]},
              {"cell_type": "markdown", "source": ["text"]},
              {"cell_type": "code", "source": [
                "x = 1\n",
                "ckpt = torch.load('c.pt')"
              ]}
             ]
            }
            """);
        var finding = Scan(directory).Report.Findings.ShouldHaveSingleItem();
        finding.RuleId.ShouldBe("unsafe-deserialization-torch-load");
        finding.Location.Line.ShouldBe(7);
        finding.Properties["cell"].ShouldBe("2");
    }

    [Fact]
    public void Taint_findings_name_source_and_sink_lines()
    {
        using var directory = new TempDirectory("code-scan");
        directory.Write("agent.py", "def run(llm, q):\n    answer = llm.invoke(q)\n    text = answer.content\n    exec(text)\n");
        var finding = Scan(directory).Report.Findings.ShouldHaveSingleItem();
        finding.Properties["sourceLine"].ShouldBe("2");
        finding.Properties["sinkLine"].ShouldBe("4");
        finding.Message.ShouldContain("line 2");
    }

    [Fact]
    public void Inline_allow_comment_and_disabled_rules_suppress()
    {
        using var directory = new TempDirectory("code-scan");
        directory.Write("a.py", "import torch\ntorch.load('a.pt')  # bulwark:allow reviewed\nimport hashlib\nhashlib.md5(b)\n");
        var report = Scan(directory, new CodeScanRequest(".") { DisableRules = ["weak-crypto-hash"] }).Report;
        report.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Imported_sarif_is_merged_without_duplicates()
    {
        using var directory = new TempDirectory("code-scan");
        directory.Write("app.py", "import pickle\nimport subprocess\nobj = pickle.loads(data)\nsubprocess.call('ls', shell=True)\n");
        var sarif = directory.Write("bandit.sarif", """
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Bandit", "rules": [{"id": "B301", "shortDescription": {"text": "pickle"}}]}},
              "results": [
                {"ruleId": "B301", "level": "warning", "message": {"text": "Pickle can be unsafe"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app.py"}, "region": {"startLine": 3}}}]},
                {"ruleId": "B602", "level": "error", "message": {"text": "shell=True"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "./app.py"}, "region": {"startLine": 4}}}]},
                {"ruleId": "B602", "level": "error", "message": {"text": "shell=True"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "./app.py"}, "region": {"startLine": 4}}}]}
              ]}]}
            """);
        var report = Scan(directory, new CodeScanRequest(".") { Imports = [sarif] }).Report;
        report.Findings.Count(f => f.Location.Line == 3).ShouldBe(1);
        var imported = report.Findings.Where(f => f.RuleId.StartsWith("bandit/", StringComparison.Ordinal)).ShouldHaveSingleItem();
        imported.RuleId.ShouldBe("bandit/B602");
        imported.Severity.ShouldBe(Severity.High);
        report.Rules.ShouldContain(r => r.Id == "bandit/B602");
    }

    [Fact]
    public void Unreadable_import_is_an_input_error()
    {
        using var directory = new TempDirectory("code-scan");
        directory.Write("x.sarif", "{ not json");
        var outcome = Scan(directory, new CodeScanRequest(".") { Imports = [directory.Combine("x.sarif"), directory.Combine("missing.sarif")] });
        outcome.InputErrors.ShouldBe(2);
    }
}

public sealed class CodeScanConfigTests
{
    [Fact]
    public void Bulwark_toml_code_section_excludes_disables_and_sets_the_threshold()
    {
        using var directory = new TempDirectory("code-scan-config");
        directory.Write("bulwark.toml", "[code]\nfail_on = \"medium\"\nexclude = [\"vendor/**\"]\ndisable_rules = [\"weak-crypto-hash\"]\nmax_file_size = \"1MB\"\n");
        directory.Write("vendor/lib.py", "import pickle\npickle.loads(b)\n");
        directory.Write("app.py", "import hashlib, torch\nhashlib.md5(b)\ntorch.load('m.pt')\n");
        var outcome = new CodeScanService(TimeProvider.System).Run(new CodeScanRequest(directory.Path) { RespectIgnore = false }, CancellationToken.None);
        outcome.ConfiguredFailOn.ShouldBe("medium");
        outcome.Report.Findings.Select(f => f.RuleId).ShouldBe(["unsafe-deserialization-torch-load"]);
    }

    [Fact]
    public void Unknown_keys_in_the_code_section_are_errors_naming_them()
    {
        using var directory = new TempDirectory("code-scan-config");
        directory.Write("bulwark.toml", "[code]\nfail_on = \"sometimes\"\n");
        var error = Should.Throw<Bulwark.Core.Configuration.ConfigException>(() => new CodeScanService(TimeProvider.System).Run(new CodeScanRequest(directory.Path), CancellationToken.None));
        error.Message.ShouldContain("fail_on");
    }
}
