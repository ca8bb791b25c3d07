using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

/// <summary><c>bulwark eval gate</c> in process: the SARIF contract, exit codes, the tamper check and a verifiable attestation.</summary>
public sealed class EvalGateCommandTests : IDisposable
{
    private const string PredicateType = "https://bulwark.dev/attestations/eval-gate/v1";
    private readonly TempDirectory _temp = new("bulwark-eval-cli-");

    public void Dispose() => _temp.Dispose();

    private (string Model, string Digest) Model(string name = "model.onnx", string content = "weights v2")
    {
        var path = _temp.Write(name, content);
        return (path, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
    }

    private string Metrics(string name, string digest, double accuracy, double euAccuracy, string benchmarks = "\"mmlu\", \"gsm8k\"") => _temp.Write(name, $$$"""
        {
          "model": {"name": "model.onnx", "sha256": "{{{digest}}}"},
          "metrics": {"accuracy": {{{accuracy.ToString(CultureInfo.InvariantCulture)}}}, "val_loss": 0.30},
          "slices": {"region=eu": {"accuracy": {{{euAccuracy.ToString(CultureInfo.InvariantCulture)}}}}},
          "benchmarks": [{{{benchmarks}}}]
        }
        """);

    [Fact]
    public async Task Sarif_reports_rule_ids_levels_properties_and_positions_and_exits_one()
    {
        var (model, digest) = Model();
        var baseline = Metrics("baseline.json", new string('b', 64), 0.90, 0.88);
        var metrics = Metrics("metrics.json", new string('c', 64), 0.86, 0.80, "\"mmlu\"");
        var rules = _temp.Write("gate.toml", "required_benchmarks = [\"mmlu\"]\n[metrics.accuracy]\nmin = 0.88\nmax_regression = 0.01\nslice_max_regression = 0.03\n");
        var sarifPath = _temp.Combine("eval.sarif");
        var (code, stdout, stderr) = await CliRun.InProcess("eval", "gate", "--metrics", metrics, "--baseline", baseline, "--rules", rules, "--model", model,
            "--format", "sarif", "--output", sarifPath);
        code.ShouldBe(1, stderr);
        stdout.ShouldBeEmpty();
        var sarif = File.ReadAllText(sarifPath);
        SarifValidator.Validate(sarif).ShouldBeEmpty();
        var results = JsonNode.Parse(sarif)!["runs"]![0]!["results"]!.AsArray();
        var summary = results.Select(r => (r!["ruleId"]!.GetValue<string>(), r["level"]!.GetValue<string>(),
            r["properties"]!["metric"]?.GetValue<string>() ?? r["properties"]!["benchmark"]?.GetValue<string>() ?? r["properties"]!["check"]?.GetValue<string>(),
            r["properties"]!["slice"]?.GetValue<string>())).ToList();
        summary.ShouldBe(
        [
            ("eval-model-mismatch", "error", "digest", null),
            ("eval-missing-benchmark", "error", "gsm8k", null),
            ("eval-threshold", "error", "accuracy", null),
            ("eval-regression", "error", "accuracy", null),
            ("eval-regression", "error", "accuracy", "region=eu"),
        ], ignoreOrder: true);
        var regression = results.First(r => r!["ruleId"]!.GetValue<string>() == "eval-regression" && r["properties"]!["slice"] is null)!;
        regression["properties"]!["value"]!.GetValue<string>().ShouldBe("0.86");
        regression["properties"]!["baseline"]!.GetValue<string>().ShouldBe("0.9");
        var region = regression["locations"]![0]!["physicalLocation"]!;
        region["artifactLocation"]!["uri"]!.GetValue<string>().ShouldBe("metrics.json");
        region["region"]!["startLine"]!.GetValue<int>().ShouldBe(3);
        results.Single(r => r!["ruleId"]!.GetValue<string>() == "eval-model-mismatch")!["properties"]!["actual"]!.GetValue<string>().ShouldBe(digest);

        // The same files pass once the rule allows it and the metrics name the released model.
        var good = Metrics("good.json", digest, 0.90, 0.88);
        var ok = await CliRun.InProcess("eval", "gate", "--metrics", good, "--baseline", baseline, "--rules", rules, "--model", model, "--format", "json");
        ok.ExitCode.ShouldBe(0, ok.Stderr + ok.Stdout);
        (await CliRun.InProcess("eval", "gate", "--metrics", metrics, "--baseline", baseline, "--fail-on", "critical")).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task The_attestation_verifies_for_the_model_and_fails_for_another_file_or_a_failed_verdict()
    {
        var (model, digest) = Model();
        var key = _temp.Combine("k.pem");
        var pub = _temp.Combine("k.pub");
        (await CliRun.InProcess("keygen", "--private-key", key, "--public-key", pub)).ExitCode.ShouldBe(0);
        var baseline = Metrics("baseline.json", new string('b', 64), 0.90, 0.88);
        var metrics = Metrics("metrics.json", digest, 0.91, 0.89);
        var attestation = _temp.Combine("eval.sigstore.json");
        var run = await CliRun.InProcess("eval", "gate", "--metrics", metrics, "--baseline", baseline, "--model", model, "--key", key, "--attest", attestation, "--format", "json");
        run.ExitCode.ShouldBe(0, run.Stderr);
        var statement = JsonNode.Parse(Convert.FromBase64String(JsonNode.Parse(File.ReadAllText(attestation))!["dsseEnvelope"]!["payload"]!.GetValue<string>()))!;
        statement["predicateType"]!.GetValue<string>().ShouldBe(PredicateType);
        statement["subject"]![0]!["digest"]!["sha256"]!.GetValue<string>().ShouldBe(digest);
        statement["predicate"]!["verdict"]!.GetValue<string>().ShouldBe("pass");
        statement["predicate"]!["modelCheck"]!.GetValue<string>().ShouldBe("passed");
        statement["predicate"]!["metrics"]!["accuracy"]!.GetValue<double>().ShouldBe(0.91);

        var verified = await CliRun.InProcess("verify-attestation", model, metrics, "--attestation", attestation, "--key", pub, "--predicate-type", PredicateType);
        verified.ExitCode.ShouldBe(0, verified.Stderr);
        verified.Stdout.ShouldContain("verdict pass");
        var other = Model("other.onnx", "weights v3").Model;
        var wrong = await CliRun.InProcess("verify-attestation", other, "--attestation", attestation, "--key", pub, "--predicate-type", PredicateType);
        wrong.ExitCode.ShouldBe(1);
        wrong.Stderr.ShouldContain("is not a subject of the attestation");
        (await CliRun.InProcess("verify-attestation", model, "--attestation", attestation, "--key", pub)).ExitCode.ShouldBe(1);
        (await CliRun.InProcess("verify-attestation", model, "--attestation", attestation, "--key", pub, "--predicate-type", "https://bulwark.dev/attestations/data-check/v1")).ExitCode.ShouldBe(1);

        var worse = Metrics("worse.json", digest, 0.80, 0.89);
        (await CliRun.InProcess("eval", "gate", "--metrics", worse, "--baseline", baseline, "--model", model, "--key", key, "--attest", attestation)).ExitCode.ShouldBe(1);
        var failed = await CliRun.InProcess("verify-attestation", model, "--attestation", attestation, "--key", pub, "--predicate-type", PredicateType);
        failed.ExitCode.ShouldBe(1);
        failed.Stderr.ShouldContain("records the verdict 'fail'");
    }

    [Fact]
    public async Task Provenance_subjects_tie_the_metrics_to_the_release()
    {
        var (model, digest) = Model();
        var key = _temp.Combine("k.pem");
        (await CliRun.InProcess("keygen", "--private-key", key, "--public-key", _temp.Combine("k.pub"))).ExitCode.ShouldBe(0);
        var provenance = _temp.Combine("provenance.sigstore.json");
        (await CliRun.InProcess("attest", "provenance", model, "--builder-id", "https://ci.example/b",
            "--source-uri", "git+https://example.com/repo", "--source-digest", "gitCommit:" + new string('a', 40), "--key", key, "--output", provenance)).ExitCode.ShouldBe(0);
        var baseline = Metrics("baseline.json", new string('b', 64), 0.90, 0.88);
        (await CliRun.InProcess("eval", "gate", "--metrics", Metrics("m.json", digest, 0.9, 0.88), "--baseline", baseline, "--provenance", provenance)).ExitCode.ShouldBe(0);
        var tampered = await CliRun.InProcess("eval", "gate", "--metrics", Metrics("t.json", new string('d', 64), 0.9, 0.88), "--baseline", baseline, "--provenance", provenance);
        tampered.ExitCode.ShouldBe(1);
        tampered.Stdout.ShouldContain("eval-model-mismatch");
    }

    [Fact]
    public async Task Provenance_key_authenticates_the_bundle_and_refuses_a_wrong_or_missing_signature()
    {
        var (model, digest) = Model();
        var key = _temp.Combine("k.pem");
        var pub = _temp.Combine("k.pub");
        var otherPub = _temp.Combine("other.pub");
        (await CliRun.InProcess("keygen", "--private-key", key, "--public-key", pub)).ExitCode.ShouldBe(0);
        (await CliRun.InProcess("keygen", "--private-key", _temp.Combine("other.pem"), "--public-key", otherPub)).ExitCode.ShouldBe(0);
        var provenance = _temp.Combine("provenance.sigstore.json");
        (await CliRun.InProcess("attest", "provenance", model, "--builder-id", "https://ci.example/b",
            "--source-uri", "git+https://example.com/repo", "--source-digest", "gitCommit:" + new string('a', 40), "--key", key, "--output", provenance)).ExitCode.ShouldBe(0);
        var baseline = Metrics("baseline.json", new string('b', 64), 0.90, 0.88);
        var metrics = Metrics("m.json", digest, 0.9, 0.88);

        var verified = await CliRun.InProcess("eval", "gate", "--metrics", metrics, "--baseline", baseline, "--provenance", provenance, "--provenance-key", pub, "--format", "json");
        verified.ExitCode.ShouldBe(0, verified.Stderr);
        verified.Stdout.ShouldContain("signature was verified with --provenance-key");
        verified.Stdout.ShouldNotContain("not authenticated");

        var unauthenticated = await CliRun.InProcess("eval", "gate", "--metrics", metrics, "--baseline", baseline, "--provenance", provenance, "--format", "json");
        unauthenticated.ExitCode.ShouldBe(0);
        unauthenticated.Stdout.ShouldContain("the provenance was not authenticated (no --provenance-key)");

        var wrongKey = await CliRun.InProcess("eval", "gate", "--metrics", metrics, "--baseline", baseline, "--provenance", provenance, "--provenance-key", otherPub);
        wrongKey.ExitCode.ShouldBe(1);
        wrongKey.Stderr.ShouldContain($"{provenance}: provenance not authenticated (signature)");

        // The same statement with its signature replaced: the subjects may have been rewritten, so nothing is trusted.
        var bundle = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(provenance))!;
        var signature = bundle["dsseEnvelope"]!["signatures"]![0]!;
        var sig = Convert.FromBase64String(signature["sig"]!.GetValue<string>());
        sig[^1] ^= 0x01;
        signature["sig"] = Convert.ToBase64String(sig);
        var forged = _temp.Write("forged.sigstore.json", bundle.ToJsonString());
        var forgedRun = await CliRun.InProcess("eval", "gate", "--metrics", metrics, "--baseline", baseline, "--provenance", forged, "--provenance-key", pub);
        forgedRun.ExitCode.ShouldBe(1);
        forgedRun.Stderr.ShouldContain("provenance not authenticated (signature)");

        var keyAlone = await CliRun.InProcess("eval", "gate", "--metrics", metrics, "--baseline", baseline, "--provenance-key", pub);
        keyAlone.ExitCode.ShouldBe(2);
        keyAlone.Stderr.ShouldContain("--provenance-key needs --provenance");
    }

    [Fact]
    public async Task Bad_input_exits_two_with_file_and_position()
    {
        var baseline = Metrics("baseline.json", new string('b', 64), 0.90, 0.88);
        var nan = _temp.Write("nan.json", "{\"metrics\": {\n  \"accuracy\": \"NaN\"}}");
        var (code, _, stderr) = await CliRun.InProcess("eval", "gate", "--metrics", nan, "--baseline", baseline);
        code.ShouldBe(2);
        stderr.ShouldContain("nan.json:2:15: metrics.accuracy must be a finite number, found the string \"NaN\"");
        var broken = _temp.Write("broken.json", "{\"metrics\": {\"a\": 1,}}");
        (await CliRun.InProcess("eval", "gate", "--metrics", broken, "--baseline", baseline)).Stderr.ShouldContain("broken.json:1:21: invalid JSON");
        var rules = _temp.Write("gate.toml", "[metrics.accuracy]\nmin = \"high\"\n");
        var badRules = await CliRun.InProcess("eval", "gate", "--metrics", baseline, "--baseline", baseline, "--rules", rules);
        badRules.ExitCode.ShouldBe(2);
        badRules.Stderr.ShouldContain("gate.toml [metrics.accuracy]: 'min' must be a number");
        (await CliRun.InProcess("eval", "gate", "--metrics", _temp.Combine("none.json"), "--baseline", baseline)).ExitCode.ShouldBe(2);
        (await CliRun.InProcess("eval", "gate", "--metrics", baseline, "--baseline", baseline, "--attest", _temp.Combine("a.json"))).ExitCode.ShouldBe(2);
        (await CliRun.InProcess("eval", "gate", "--metrics", baseline, "--baseline", baseline, "--model", _temp.Path)).Stderr.ShouldContain("is a folder");
    }
}
