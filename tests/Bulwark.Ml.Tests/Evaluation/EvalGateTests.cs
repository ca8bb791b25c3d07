using System.Text;
using Bulwark.Core.Configuration;
using Bulwark.Core.Findings;
using Bulwark.Ml.Evaluation;

namespace Bulwark.Ml.Tests.Evaluation;

/// <summary>The gate's decisions on hand-written evaluations: each rule fires on its case and stays quiet on the look-alike.</summary>
public sealed class EvalGateTests
{
    private static readonly byte[] ModelDigest = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private static readonly string ModelHex = Convert.ToHexStringLower(ModelDigest);

    private static EvalMetrics Metrics(string json, string path = "metrics.json") => EvalMetricsReader.Parse(Encoding.UTF8.GetBytes(json), path);

    private static EvalGateRules Rules(string toml) => EvalGateRulesReader.Read(TomlReading.Parse(toml, "gate.toml"), "gate.toml");

    private static IReadOnlyList<Finding> Gate(EvalMetrics candidate, EvalMetrics baseline, EvalGateRules? rules = null, params ReleasedModel[] released) =>
        new EvalGate(rules ?? EvalGateRules.Default).Run(candidate, baseline, released, TimeSpan.Zero).Findings;

    private static readonly ReleasedModel Released = new("model.bin", "model.bin", ModelDigest);

    [Fact]
    public void Equal_metrics_for_the_released_model_pass()
    {
        var json = $$$"""{"model": {"sha256": "{{{ModelHex}}}"}, "metrics": {"accuracy": 0.9, "loss": 0.3}, "slices": {"region=eu": {"accuracy": 0.88}}, "benchmarks": ["mmlu"]}""";
        Gate(Metrics(json), Metrics(json, "baseline.json"), Rules("required_benchmarks = [\"mmlu\"]\n[metrics.accuracy]\nmin = 0.85\nslice_min = 0.8\n"), Released).ShouldBeEmpty();
    }

    [Fact]
    public void Regression_respects_direction_and_allowance_overall_and_per_slice()
    {
        var baseline = Metrics("""{"metrics": {"accuracy": 0.90, "val_loss": 0.30, "f1": 0.80}, "slices": {"region=eu": {"accuracy": 0.90}}}""");
        // accuracy drops exactly the default allowance (passes), loss falls (better), f1 rises; the eu slice drops 0.05.
        var candidate = Metrics("""
            {"metrics": {"accuracy": 0.89, "val_loss": 0.20, "f1": 0.85},
             "slices": {"region=eu": {"accuracy": 0.85}}}
            """);
        var findings = Gate(candidate, baseline);
        var finding = findings.ShouldHaveSingleItem();
        finding.RuleId.ShouldBe("eval-regression");
        finding.Properties["metric"].ShouldBe("accuracy");
        finding.Properties["slice"].ShouldBe("region=eu");
        finding.Location.Line.ShouldBe(2);
        finding.Location.Column.ShouldBe(39);
        finding.Severity.ShouldBe(Severity.High);

        var worseLoss = Metrics("""{"metrics": {"accuracy": 0.90, "val_loss": 0.35, "f1": 0.80}, "slices": {"region=eu": {"accuracy": 0.90}}}""");
        Gate(worseLoss, baseline).ShouldHaveSingleItem().Properties["metric"].ShouldBe("val_loss");
        var lenient = Rules("[metrics.val_loss]\ndirection = \"lower\"\nmax_regression = 0.1\n");
        Gate(worseLoss, baseline, lenient).ShouldBeEmpty();
        var relative = Rules("[metrics.val_loss]\ndirection = \"lower\"\nmax_regression = 1\nmax_relative_regression = 0.1\n");
        Gate(worseLoss, baseline, relative).ShouldHaveSingleItem().Message.ShouldContain("more than the allowed 10%");
    }

    [Fact]
    public void Thresholds_apply_to_metrics_and_slices_with_the_rule_severity()
    {
        var baseline = Metrics("""{"metrics": {}}""");
        var candidate = Metrics("""{"metrics": {"accuracy": 0.84, "latency_ms": 250}, "slices": {"age<25": {"accuracy": 0.70}, "age>=25": {"accuracy": 0.90}}}""");
        var rules = Rules("[metrics.accuracy]\nmin = 0.85\nslice_min = 0.75\nseverity = \"critical\"\n[metrics.latency_ms]\ndirection = \"lower\"\nmax = 200\n");
        var findings = Gate(candidate, baseline, rules);
        findings.Select(f => (f.RuleId, f.Properties["metric"], f.Properties.GetValueOrDefault("slice"), f.Properties["bound"])).ShouldBe(
        [
            ("eval-threshold", "accuracy", null, "min"),
            ("eval-threshold", "latency_ms", null, "max"),
            ("eval-threshold", "accuracy", "age<25", "min"),
        ], ignoreOrder: true);
        findings.Where(f => f.Properties["metric"] == "accuracy").ShouldAllBe(f => f.Severity == Severity.Critical);
    }

    [Fact]
    public void Missing_metrics_slices_and_benchmarks_are_findings()
    {
        var baseline = Metrics("""{"metrics": {"accuracy": 0.9, "recall": 0.8}, "slices": {"eu": {"accuracy": 0.9}, "us": {"accuracy": 0.9, "recall": 0.7}}, "benchmarks": ["mmlu", "hellaswag"]}""");
        var candidate = Metrics("""{"metrics": {"accuracy": 0.9}, "slices": {"us": {"accuracy": 0.9}}, "benchmarks": ["mmlu"]}""");
        var findings = Gate(candidate, baseline, Rules("required_benchmarks = [\"gsm8k\"]\n[metrics.toxicity]\nmax = 0.1\n"));
        findings.Select(f => (f.RuleId, f.Evidence)).ShouldBe(
        [
            ("eval-missing-benchmark", "gsm8k"),
            ("eval-missing-benchmark", "hellaswag"),
            ("eval-missing-metric", "recall"),
            ("eval-missing-metric", "toxicity"),
            ("eval-missing-metric", "eu"),
            ("eval-missing-metric", "recall"),
        ], ignoreOrder: true);
        findings.Single(f => f.Properties.GetValueOrDefault("slice") == "us").Properties["metric"].ShouldBe("recall");
        Gate(candidate, baseline, Rules("require_baseline_benchmarks = false\n")).ShouldNotContain(f => f.RuleId == "eval-missing-benchmark");
    }

    [Fact]
    public void Metrics_of_another_model_or_without_a_digest_fail_the_tamper_check()
    {
        var baseline = Metrics("""{"metrics": {"accuracy": 0.9}}""");
        var other = Metrics($$$"""{"model": {"sha256": "sha256:{{{new string('a', 64)}}}"}, "metrics": {"accuracy": 0.9}}""");
        var mismatch = Gate(other, baseline, null, Released).ShouldHaveSingleItem();
        mismatch.RuleId.ShouldBe("eval-model-mismatch");
        mismatch.Severity.ShouldBe(Severity.Critical);
        mismatch.Properties["recorded"].ShouldBe(new string('a', 64));
        mismatch.Properties["actual"].ShouldBe(ModelHex);

        var undigested = Gate(baseline, baseline, null, Released).ShouldHaveSingleItem();
        undigested.Properties["check"].ShouldBe("no-digest");

        var ours = Metrics($$$"""{"model": {"sha256": "{{{ModelHex.ToUpperInvariant()}}}"}, "metrics": {"accuracy": 0.9}}""");
        Gate(ours, baseline, null, new ReleasedModel("p subject 'a'", "a", new byte[32]), Released).ShouldBeEmpty();

        var report = new EvalGate(EvalGateRules.Default).Run(ours, baseline, [], TimeSpan.Zero);
        report.Findings.ShouldBeEmpty();
        report.Notices.ShouldHaveSingleItem().Level.ShouldBe(NoticeLevel.Warning);
        Gate(ours, baseline, Rules("require_model = true\n")).ShouldHaveSingleItem().Properties["check"].ShouldBe("no-model");
    }

    [Theory]
    [InlineData("""{"metrics": {"a": 1, "a": 2}}""", "metrics.json:1:22: 'a' appears twice in metrics")]
    [InlineData("""{"metrics": {"a": null}}""", "metrics.json:1:19: metrics.a must be a finite number, found null")]
    [InlineData("{\"metrics\": {\"a\": 1e400}}", "metrics.json:1:19: metrics.a is out of the range of a finite number")]
    [InlineData("""{"metric": {}}""", "metrics.json:1:2: unknown key 'metric' at the top level")]
    [InlineData("""{"slices": {}}""", "metrics.json: no \"metrics\" object")]
    [InlineData("""{"metrics": {}, "model": {"sha256": "abc"}}""", "metrics.json:1:37: model.sha256 must be 64 hex digits")]
    [InlineData("""{"metrics": {}, "benchmarks": [1]}""", "metrics.json:1:32: every entry of \"benchmarks\" must be a string")]
    [InlineData("[1]", "metrics.json:1:1: the metrics file must be a JSON object")]
    [InlineData(" \n", "metrics.json: the file is empty")]
    [InlineData("{\"metrics\": {", "metrics.json:1:14: invalid JSON: Expected depth to be zero")]
    [InlineData("{\"metrics\": {}} x", "metrics.json:1:17: invalid JSON")]
    [InlineData("{\"metrics\": {\"a\": [[[[[[[[1]]]]]]]]}}", "metrics.json:1:19: metrics.a must be a finite number, found an array")]
    public void Bad_metrics_files_name_file_line_and_column(string json, string expected)
    {
        Should.Throw<EvalInputException>(() => Metrics(json)).Message.ShouldStartWith(expected);
    }

    [Theory]
    [InlineData("thresholds = 1\n", "gate.toml: unknown key 'thresholds'")]
    [InlineData("[metrics.a]\nmin = 0.9\nmax = 0.5\n", "gate.toml [metrics.a]: min is above max")]
    [InlineData("[metrics.a]\nmax_regression = -0.1\n", "gate.toml [metrics.a]: 'max_regression' must be zero or more")]
    [InlineData("[metrics.a]\ndirection = \"up\"\n", "gate.toml [metrics.a]: 'direction' must be")]
    [InlineData("[metrics.a]\nmin = nan\n", "gate.toml [metrics.a]: 'min' must be a finite number")]
    [InlineData("[metrics.a]\nseverity = \"fatal\"\n", "gate.toml [metrics.a]: 'severity' must be one of")]
    [InlineData("[metrics]\na = 1\n", "gate.toml [metrics.a]: must be a table")]
    [InlineData("[metrics.a\n", "gate.toml:1:")]
    public void Bad_rules_name_file_and_key(string toml, string expected)
    {
        Should.Throw<ConfigException>(() => Rules(toml)).Message.ShouldStartWith(expected);
    }

    [Theory]
    [InlineData("accuracy", true)]
    [InlineData("val_loss", false)]
    [InlineData("latency-ms", false)]
    [InlineData("error_rate", false)]
    [InlineData("precision", true)]
    [InlineData("specificity", true)]
    [InlineData("perplexity", false)]
    public void Direction_is_guessed_from_the_words_of_a_name(string metric, bool higherIsBetter)
    {
        MetricRule.GuessHigherIsBetter(metric).ShouldBe(higherIsBetter);
    }
}
