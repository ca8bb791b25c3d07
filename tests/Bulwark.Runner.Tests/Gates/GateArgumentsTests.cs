using System.Text;
using System.Text.Json;
using Bulwark.Runner.Gates;

namespace Bulwark.Runner.Tests.Gates;

public sealed class GateArgumentsTests
{
    private static GateDefinition Gate(string name) => GateCatalog.Find(name).ShouldNotBeNull();

    [Fact]
    public void Keys_map_to_the_documented_flags_and_paths_become_absolute_inside_the_workspace()
    {
        var args = GateArguments.Build(Gate("secrets-scan"), new Dictionary<string, string>
        {
            ["path"] = "./src/../lib",
            ["fail-on"] = "HIGH",
            ["history"] = "true",
            ["no-ignore"] = "false",
            ["exclude"] = "*.ipynb, build/**\nvendor/",
            ["baseline"] = ".bulwark/baseline.json",
        }, "/workspace");

        args.ShouldBe([
            "--baseline", "/workspace/.bulwark/baseline.json",
            "--exclude", "*.ipynb", "--exclude", "build/**", "--exclude", "vendor/",
            "--fail-on", "high",
            "--history",
            "/workspace/lib"]);
    }

    [Fact]
    public void Without_a_path_the_whole_workspace_is_scanned()
    {
        GateArguments.Build(Gate("bulwark/model-scan"), new Dictionary<string, string>(), "/workspace").ShouldBe(["/workspace"]);
        GateArguments.Build(Gate("model-scan"), new Dictionary<string, string> { ["path"] = "." }, "/workspace").ShouldBe(["/workspace"]);
    }

    [Fact]
    public void A_gate_that_reads_named_files_gets_no_workspace_path()
    {
        GateArguments.Build(Gate("data-check"), new Dictionary<string, string>
        {
            ["reference"] = "data/ref.csv",
            ["candidate"] = "/workspace/data/new.csv",
            ["label-column"] = "label",
        }, "/workspace").ShouldBe(["--candidate", "/workspace/data/new.csv", "--label-column", "label", "--reference", "/workspace/data/ref.csv"]);
        Should.Throw<GateUsageException>(() => GateArguments.Build(Gate("eval-gate"), new Dictionary<string, string> { ["metrics"] = "../outside.json" }, "/workspace"));
    }

    [Fact]
    public void Dast_takes_the_url_as_its_argument_an_openapi_file_or_url_and_no_secret_on_the_command_line()
    {
        var args = GateArguments.Build(Gate("dast"), new Dictionary<string, string>
        {
            ["url"] = " https://staging.example.com/ ",
            ["openapi"] = "api/openapi.yaml",
            ["auth-header"] = "Authorization: Bearer ${{ secrets.TOKEN }}",
            ["max-requests"] = "500",
            ["allow-destructive"] = "false",
        }, "/workspace");

        args.ShouldBe(["--max-requests", "500", "--openapi", "/workspace/api/openapi.yaml", "https://staging.example.com/"]);
        GateArguments.Build(Gate("dast"), new Dictionary<string, string> { ["url"] = "http://a", ["openapi"] = "https://a/openapi.json" }, "/workspace")
            .ShouldBe(["--openapi", "https://a/openapi.json", "http://a"]);
        Should.Throw<GateUsageException>(() => GateArguments.Build(Gate("dast"), new Dictionary<string, string> { ["url"] = "http://a", ["openapi"] = "../spec.yaml" }, "/workspace"));
        Should.Throw<GateUsageException>(() => GateArguments.Build(Gate("dast"), new Dictionary<string, string> { ["rate"] = "5" }, "/workspace"))
            .Message.ShouldStartWith("gate dast needs 'url': ");
    }

    [Theory]
    [InlineData("Authorization: Bearer ${{ secrets.TOKEN }}", "Authorization: Bearer t0k3n-value")]
    [InlineData("${{secrets.TOKEN}}", "t0k3n-value")]
    [InlineData("  X-Api-Key: ${{ secrets.TOKEN }} ", "X-Api-Key: t0k3n-value")]
    public void A_secret_parameter_becomes_an_environment_variable_with_the_secret_in_place(string text, string expected)
    {
        GateSecrets.Resolve(Gate("dast"), new Dictionary<string, string> { ["auth-header"] = text }, new Dictionary<string, string> { ["TOKEN"] = "t0k3n-value" })
            .ShouldBe(new Dictionary<string, string> { ["BULWARK_DAST_AUTH_HEADER"] = expected });
    }

    [Theory]
    [InlineData("Authorization: Bearer literal-t0k3n-value")]
    [InlineData("Authorization: Bearer ${{ env.TOKEN }}")]
    [InlineData("${{ secrets.TOKEN }} ${{ secrets.TOKEN }}")]
    [InlineData("${{ secrets.1TOKEN }}")]
    [InlineData("${{ secrets.OTHER }}")]
    [InlineData("${{ secrets.TOKEN")]
    public void Secret_parameters_without_one_reference_to_a_job_secret_are_refused_without_echoing_them(string text)
    {
        var error = Should.Throw<GateUsageException>(() => GateSecrets.Resolve(Gate("dast"), new Dictionary<string, string> { ["auth-header"] = text },
            new Dictionary<string, string> { ["TOKEN"] = "t0k3n-value" }));
        error.Message.ShouldNotContain("literal-t0k3n-value");
        error.Message.ShouldNotContain("t0k3n-value");
    }

    [Fact]
    public void A_secret_with_a_line_break_cannot_inject_a_header()
    {
        var error = Should.Throw<GateUsageException>(() => GateSecrets.Resolve(Gate("dast"), new Dictionary<string, string> { ["auth-header"] = "X-Key: ${{ secrets.TOKEN }}" },
            new Dictionary<string, string> { ["TOKEN"] = "abcd\r\nX-Admin: 1" }));
        error.Message.ShouldBe("dast: 'auth-header': the secret TOKEN holds a line break or another control character");
    }

    [Fact]
    public void Every_gate_the_issue_names_exists()
    {
        GateCatalog.All.Select(g => g.Name).ShouldBe(["secrets-scan", "deps-audit", "model-scan", "verify-signature", "pipeline-audit", "data-check", "eval-gate", "code-scan", "dast"]);
        Gate("verify-signature").Command.ShouldBe(["verify"]);
        Gate("bulwark/verify").ShouldBeSameAs(Gate("verify-signature"));
        Gate("deps-audit").Command.ShouldBe(["deps", "audit"]);
    }

    [Theory]
    [InlineData("path", "/etc")]
    [InlineData("path", "../x")]
    [InlineData("path", "/workspace/../etc")]
    [InlineData("baseline", "/workspacex/b.json")]
    [InlineData("since", "-x")]
    [InlineData("since", "@file")]
    [InlineData("max-file-size", " --no-ignore")]
    [InlineData("history", "yes")]
    [InlineData("exclude", "ok,-bad")]
    [InlineData("unknown", "x")]
    public void Values_that_could_escape_or_inject_are_refused(string key, string value)
    {
        Should.Throw<GateUsageException>(() => GateArguments.Build(Gate("secrets-scan"), new Dictionary<string, string> { [key] = value }, "/workspace"));
    }

    [Fact]
    public void Random_values_never_become_options_or_leave_the_workspace()
    {
        var random = new Random(8);
        var pieces = new[] { "-", "--", "@", "..", "/", ".", "a", "ws", "\n", ",", " ", "\0", "=", "*", "é", "/workspace", "true", "high", "http://", "${{ secrets.A }}" };
        foreach (var gate in GateCatalog.All)
        {
            var options = gate.Parameters.Where(p => p.Option is not null).Select(p => p.Option!).ToHashSet();
            for (var round = 0; round < 500; round++)
            {
                var with = new Dictionary<string, string>();
                foreach (var parameter in gate.Parameters.Where(_ => random.Next(3) == 0))
                {
                    with[parameter.Key] = string.Concat(Enumerable.Range(0, random.Next(0, 8)).Select(_ => pieces[random.Next(pieces.Length)]));
                }
                List<string> args;
                try
                {
                    args = GateArguments.Build(gate, with, "/workspace");
                }
                catch (GateUsageException)
                {
                    continue;
                }
                for (var i = 0; i < args.Count; i++)
                {
                    var isOption = options.Contains(args[i]);
                    var previousTakesValue = i > 0 && options.Contains(args[i - 1]) && gate.Parameters.First(p => p.Option == args[i - 1]).Kind != GateValueKind.Flag;
                    if (!isOption || previousTakesValue)
                    {
                        args[i].ShouldNotStartWith("-");
                        args[i].ShouldNotStartWith("@");
                        args[i].ShouldNotContain("\0");
                    }
                }
                // Every path, positional or an option's value, stays inside the workspace.
                var paths = args.Where((_, i) => i == args.Count - 1 && gate.TakesPath
                    || i > 0 && gate.Parameters.FirstOrDefault(p => p.Option == args[i - 1])?.Kind is GateValueKind.Path or GateValueKind.PathList
                    || i > 0 && gate.Parameters.FirstOrDefault(p => p.Option == args[i - 1])?.Kind == GateValueKind.PathOrUrl && !args[i].StartsWith("http", StringComparison.OrdinalIgnoreCase));
                foreach (var path in paths)
                {
                    (path == "/workspace" || path.StartsWith("/workspace/", StringComparison.Ordinal)).ShouldBeTrue(path);
                    path.Split('/').ShouldNotContain("..");
                }
            }
        }
    }

    [Fact]
    public void Report_summary_survives_random_and_mutated_reports()
    {
        var valid = """{"summary":{"bySeverity":{"high":1}},"findings":[{"ruleId":"r","severity":"high","message":"m","location":{"path":"a.py","line":3}}]}""";
        GateReportSummary.Lines("g", false, valid).ShouldBe(["gate g: FAILED, 1 finding(s) (high 1)", "  high r a.py:3: m"]);
        GateReportSummary.Lines("g", false, valid.Replace("\"line\":3", "\"line\":1e400", StringComparison.Ordinal))[1].ShouldBe("  high r a.py: m");
        var random = new Random(8);
        var bytes = Encoding.UTF8.GetBytes(valid);
        for (var round = 0; round < 2000; round++)
        {
            var mutated = (byte[])bytes.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(32, 127);
            }
            var text = round % 10 == 0 ? new string('[', random.Next(1, 200)) : Encoding.UTF8.GetString(mutated);
            try
            {
                GateReportSummary.Lines("g", true, text).ShouldNotBeEmpty();
            }
            catch (JsonException)
            {
                // Refused as not a report: the step fails with a clear reason.
            }
        }
    }
}
