using System.Security.Cryptography;
using System.Text.Json;
using Bulwark.Runner.Jobs;
using Bulwark.Runner.Tests.Jobs;

namespace Bulwark.Runner.Tests.Gates;

/// <summary>Real gates: the bulwark CLI inside the job's bubblewrap sandbox, against the workspace.</summary>
public sealed class GateStepTests(BulwarkCli cli) : IClassFixture<BulwarkCli>, IDisposable
{
    private readonly JobHarness _job = new(gateCommand: cli.Command);

    private static JobStep Gate(string name, Dictionary<string, string>? with = null) =>
        new() { Name = name, Uses = "bulwark/" + name, With = with ?? [] };

    [Fact]
    public async Task Secrets_scan_fails_on_a_planted_aws_key_and_reports_it()
    {
        _job.WriteSource("src/config.py", $"import os\naws_access_key_id = \"{FreshAwsKeyId()}\"\n");
        var session = new RecordingSession();

        var result = await _job.Runner.RunAsync(JobHarness.Spec(Gate("secrets-scan"), JobHarness.Run("after", "echo after")), session, default);

        result.Conclusion.ShouldBe(JobConclusion.Failed);
        result.Reason.ShouldBe("step 1 'secrets-scan': gate secrets-scan failed its policy");
        session.Events.ShouldBe(["start 0 secrets-scan", "finish 0 Failed", "finish 1 Skipped"]);
        var (step, gate, passed, json) = session.Gates.ShouldHaveSingleItem();
        (step, gate, passed).ShouldBe((0, "secrets-scan", false));
        using var report = JsonDocument.Parse(json);
        report.RootElement.GetProperty("findings")[0].GetProperty("ruleId").GetString().ShouldBe("aws-access-key-id");
        session.Log.ShouldContain("gate secrets-scan: FAILED, 1 finding(s) (critical 1, high 0, medium 0, low 0, info 0)");
        session.Log.ShouldContain("  critical aws-access-key-id src/config.py:2: AWS access key ID found");
    }

    [Fact]
    public async Task Secrets_scan_passes_on_a_clean_workspace()
    {
        _job.WriteSource("src/app.py", "print('hello')\n");
        var session = new RecordingSession();

        var result = await _job.Runner.RunAsync(JobHarness.Spec(Gate("secrets-scan", new() { ["path"] = "src", ["fail-on"] = "low" })), session, default);

        result.Conclusion.ShouldBe(JobConclusion.Succeeded, result.Reason);
        session.Gates.ShouldHaveSingleItem().Passed.ShouldBeTrue();
        session.Log.ShouldContain("gate secrets-scan: passed, 0 finding(s)");
    }

    [Fact]
    public async Task Model_scan_fails_on_a_malicious_pickle()
    {
        // Protocol 2: GLOBAL posix.system, the argument 'id', REDUCE: unpickling runs a shell command.
        byte[] pickle = [0x80, 0x02, .. "cposix\nsystem\nq\x00X\x02\x00\x00\x00idq\x01"u8, 0x85, .. "q\x02Rq\x03."u8];
        Directory.CreateDirectory(Path.Combine(_job.Source, "models"));
        File.WriteAllBytes(Path.Combine(_job.Source, "models", "model.pkl"), pickle);
        var session = new RecordingSession();

        var result = await _job.Runner.RunAsync(JobHarness.Spec(Gate("model-scan", new() { ["path"] = "models" })), session, default);

        result.Conclusion.ShouldBe(JobConclusion.Failed, session.Log);
        var reported = session.Gates.ShouldHaveSingleItem();
        reported.Passed.ShouldBeFalse();
        reported.Json.ShouldContain("posix");
        session.Log.ShouldContain("gate model-scan: FAILED");
        session.Log.ShouldContain("  critical model-pickle-dangerous-global model.pkl: Pickle calls posix.system");
    }

    [Fact]
    public async Task A_gate_that_cannot_run_fails_the_step_with_a_reason()
    {
        // No advisory database is configured, so the audit cannot run (exit code 2).
        _job.WriteSource("requirements.txt", "requests==2.0.0\n");
        var session = new RecordingSession();

        var result = await _job.Runner.RunAsync(JobHarness.Spec(Gate("deps-audit")), session, default);

        result.Conclusion.ShouldBe(JobConclusion.Failed);
        result.Reason.ShouldBe("gate deps-audit could not run (exit code 2): see its output above");
        session.Gates.ShouldBeEmpty();
        session.Log.ShouldContain("no advisory database");
    }

    [Fact]
    public async Task Deps_audit_reads_the_configured_advisory_database_and_fails_on_a_vulnerable_pin()
    {
        // A data directory the sandbox user can read, filled by the real `deps db update` from one OSV record.
        var data = Path.Combine(_job.Temp, "advisories");
        var osv = Path.Combine(_job.Temp, "osv-source");
        Directory.CreateDirectory(osv);
        File.WriteAllText(Path.Combine(osv, "GHSA-test-0001.json"), """
            {"id":"GHSA-test-0001","modified":"2024-06-01T00:00:00Z","summary":"Requests leaks Proxy-Authorization headers",
             "affected":[{"package":{"ecosystem":"PyPI","name":"requests"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.31.0"}]}]}],
             "database_specific":{"severity":"HIGH"}}
            """);
        cli.Run("deps", "db", "update", "--source", osv, "--data-dir", data).ShouldBe(0);
        foreach (var entry in Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories).Append(data))
        {
            File.SetUnixFileMode(entry, File.GetUnixFileMode(entry) | UnixFileMode.OtherRead | (Directory.Exists(entry) ? UnixFileMode.OtherExecute : 0));
        }
        using var job = new JobHarness(gateCommand: cli.Command, configure: o => o with { AdvisoryDatabase = Path.Combine(data, "osv") });
        job.WriteSource("requirements.txt", "requests==2.0.0\n");
        var session = new RecordingSession();

        var result = await job.Runner.RunAsync(JobHarness.Spec(Gate("deps-audit")), session, default);

        result.Conclusion.ShouldBe(JobConclusion.Failed, session.Log);
        result.Reason.ShouldBe("step 1 'deps-audit': gate deps-audit failed its policy");
        session.Gates.ShouldHaveSingleItem().Json.ShouldContain("GHSA-test-0001");
        session.Log.ShouldContain("requests");
    }

    [Fact]
    public async Task Pipeline_audit_fails_on_a_pwn_request_workflow()
    {
        _job.WriteSource(".github/workflows/pr.yml", """
            on: pull_request_target
            permissions: { contents: read }
            jobs:
              test:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1
                    with: { ref: "${{ github.event.pull_request.head.sha }}", persist-credentials: false }
                  - run: make test
            """);
        var session = new RecordingSession();

        var result = await _job.Runner.RunAsync(JobHarness.Spec(Gate("pipeline-audit")), session, default);

        result.Conclusion.ShouldBe(JobConclusion.Failed, session.Log);
        session.Gates.ShouldHaveSingleItem().Json.ShouldContain("pipeline-dangerous-trigger");
        session.Log.ShouldContain(".github/workflows/pr.yml:8");
    }

    [Fact]
    public async Task Code_scan_fails_on_trust_remote_code_and_passes_when_the_rule_is_disabled()
    {
        _job.WriteSource("train/load.py", "from transformers import AutoModel\nmodel = AutoModel.from_pretrained(name, trust_remote_code=True)\n");
        _job.WriteSource("app/ok.py", "import json\nprint(json.dumps({}))\n");
        var failing = new RecordingSession();
        var passing = new RecordingSession();

        var found = await _job.Runner.RunAsync(JobHarness.Spec(Gate("code-scan")), failing, default);
        var disabled = await _job.Runner.RunAsync(JobHarness.Spec(Gate("code-scan", new() { ["disable-rule"] = "remote-code-trust-remote-code" })), passing, default);

        found.Conclusion.ShouldBe(JobConclusion.Failed, failing.Log);
        found.Reason.ShouldBe("step 1 'code-scan': gate code-scan failed its policy");
        failing.Gates.ShouldHaveSingleItem().Json.ShouldContain("remote-code-trust-remote-code");
        failing.Log.ShouldContain("remote-code-trust-remote-code train/load.py:2");
        disabled.Conclusion.ShouldBe(JobConclusion.Succeeded, passing.Log);
        passing.Log.ShouldContain("gate code-scan: passed, 0 finding(s)");
    }

    [Fact]
    public async Task Data_check_fails_when_the_candidate_dropped_a_column_and_passes_an_identical_copy()
    {
        var rows = string.Concat(Enumerable.Range(0, 200).Select(i => $"{i % 17},{(i * 7) % 23}.5,{(i % 3 == 0 ? "cat" : "dog")}\n"));
        _job.WriteSource("data/reference.csv", "age,income,label\n" + rows);
        _job.WriteSource("data/same.csv", "age,income,label\n" + rows);
        _job.WriteSource("data/dropped.csv", "age,label\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{i % 17},{(i % 3 == 0 ? "cat" : "dog")}\n")));
        JobStep Check(string candidate) => Gate("data-check", new() { ["reference"] = "data/reference.csv", ["candidate"] = candidate, ["label-column"] = "label" });
        var passing = new RecordingSession();
        var failing = new RecordingSession();

        var same = await _job.Runner.RunAsync(JobHarness.Spec(Check("data/same.csv")), passing, default);
        var dropped = await _job.Runner.RunAsync(JobHarness.Spec(Check("data/dropped.csv")), failing, default);

        same.Conclusion.ShouldBe(JobConclusion.Succeeded, passing.Log);
        dropped.Conclusion.ShouldBe(JobConclusion.Failed, failing.Log);
        failing.Gates.ShouldHaveSingleItem().Json.ShouldContain("data-schema-change");
        failing.Log.ShouldContain("income");
    }

    [Fact]
    public async Task Verify_signature_passes_a_signed_model_and_fails_a_tampered_one()
    {
        _job.WriteSource("model/weights.bin", "weights");
        _job.WriteSource("model/config.json", "{}");
        var keys = Path.Combine(_job.Temp, "keys");
        Directory.CreateDirectory(keys);
        cli.Run("keygen", "--private-key", Path.Combine(keys, "private.pem"), "--public-key", Path.Combine(_job.Source, "signer.pub.pem")).ShouldBe(0);
        cli.Run("sign", Path.Combine(_job.Source, "model"), "--key", Path.Combine(keys, "private.pem"), "--signature", Path.Combine(_job.Source, "model.sig")).ShouldBe(0);
        var verify = new JobStep
        {
            Name = "verify",
            Uses = "bulwark/verify-signature",
            With = new Dictionary<string, string> { ["path"] = "model", ["signature"] = "model.sig", ["key"] = "signer.pub.pem" },
        };
        var intact = new RecordingSession();
        var tampered = new RecordingSession();

        var good = await _job.Runner.RunAsync(JobHarness.Spec(verify), intact, default);
        var bad = await _job.Runner.RunAsync(JobHarness.Spec(JobHarness.Run("tamper", "echo poisoned >> model/weights.bin"), verify), tampered, default);

        good.Conclusion.ShouldBe(JobConclusion.Succeeded, intact.Log);
        intact.Gates.ShouldHaveSingleItem().Passed.ShouldBeTrue();
        intact.Log.ShouldContain("gate verify-signature: passed");
        bad.ShouldBe(new JobResult(JobConclusion.Failed, "step 2 'verify': gate verify-signature failed its policy"));
        tampered.Gates.ShouldHaveSingleItem().Passed.ShouldBeFalse();
        tampered.Log.ShouldContain("weights.bin");
    }

    [Theory]
    [InlineData("bulwark/nope", null, null, "unknown gate 'bulwark/nope'")]
    [InlineData("bulwark/secrets-scan", "colour", "red", "gate secrets-scan has no parameter 'colour'")]
    [InlineData("bulwark/secrets-scan", "path", "../../etc", "must stay inside the workspace")]
    [InlineData("bulwark/secrets-scan", "since", "--output=/workspace/x", "must not be empty or start with '-' or '@'")]
    [InlineData("bulwark/model-scan", "allow-global", "ok.name,@/workspace/args.rsp", "must not be empty or start with '-' or '@'")]
    [InlineData("bulwark/secrets-scan", "fail-on", "severe", "must be one of critical, high, medium, low, info")]
    [InlineData("bulwark/code-scan", "import", "reports/ok.sarif,../../etc/passwd", "must stay inside the workspace")]
    public async Task Unknown_gates_keys_and_bad_values_fail_the_step_without_running_anything(string uses, string? key, string? value, string message)
    {
        var with = key is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [key] = value! };
        var session = new RecordingSession();

        var result = await _job.Runner.RunAsync(JobHarness.Spec(new JobStep { Name = "gate", Uses = uses, With = with }), session, default);

        result.Conclusion.ShouldBe(JobConclusion.Failed);
        result.Reason!.ShouldContain(message);
        session.Log.ShouldContain("error: ");
        session.Gates.ShouldBeEmpty();
    }

    private static string FreshAwsKeyId()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        return "AKIA" + new string(RandomNumberGenerator.GetItems<char>(alphabet, 16));
    }

    public void Dispose() => _job.Dispose();
}
