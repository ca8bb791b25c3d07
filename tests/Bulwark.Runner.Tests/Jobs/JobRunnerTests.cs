using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Bulwark.Runner.Jobs;
using Bulwark.Runner.Logs;
using Bulwark.Runner.Sandbox;

namespace Bulwark.Runner.Tests.Jobs;

/// <summary>Whole jobs through the runner, in real bubblewrap sandboxes, with a copying checkout.</summary>
public sealed class JobRunnerTests : IDisposable
{
    private const string Secret = "hf_Zq8+kV/3x=Pa&ss?wrd";

    private const string UrlEncode =
        "urlencode() { local s=\"$1\" c i; for ((i=0; i<${#s}; i++)); do c=${s:i:1}; case \"$c\" in [a-zA-Z0-9.~_-]) printf %s \"$c\";; *) printf '%%%02X' \"'$c\";; esac; done; }";

    private readonly JobHarness _job = new();

    [Fact]
    public async Task A_secret_echoed_raw_base64_and_url_encoded_never_reaches_the_session()
    {
        _job.WriteSource("README", "hello\n");
        var spec = JobHarness.Spec(
            JobHarness.Run("hello", "echo hello-from-bulwark; cat README; echo \"job=$BULWARK_JOB run=$BULWARK_RUN_ID mode=$MODE\""),
            JobHarness.Run("leak", $"{UrlEncode}\necho \"$HF_TOKEN\"; printf %s \"$HF_TOKEN\" | base64; urlencode \"$HF_TOKEN\"; echo; echo \"$HF_TOKEN\" >&2")) with
        {
            Env = new Dictionary<string, string> { ["MODE"] = "ci" },
            Secrets = new Dictionary<string, string> { ["HF_TOKEN"] = Secret },
        };
        var session = new RecordingSession();

        var result = await _job.Runner.RunAsync(spec, session, default);

        result.ShouldBe(new JobResult(JobConclusion.Succeeded, null));
        var log = session.Log;
        log.ShouldContain("hello-from-bulwark\nhello\n");
        log.ShouldContain($"job=build run={spec.RunId:D} mode=ci\n");
        // raw, base64 (its last characters mix in the padding, so they are not the secret's), URL-encoded, stderr.
        log.ShouldContain("▶ step 2/2: leak\n***\n***A==\n***\n***\n");
        log.ShouldNotContain(Secret);
        log.ShouldNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)));
        log.ShouldNotContain(Uri.EscapeDataString(Secret));
        log.ShouldNotContain("hf_Zq8");
        session.Events.ShouldBe(["start 0 hello", "finish 0 Succeeded", "start 1 leak", "finish 1 Succeeded"]);
        Directory.EnumerateFileSystemEntries(_job.WorkRoot).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_failing_step_skips_the_rest_and_fails_the_job()
    {
        var spec = JobHarness.Spec(JobHarness.Run("fail", "echo before; false; echo not-reached"), JobHarness.Run("after", "echo second-step-ran"));
        var session = new RecordingSession();

        var result = await _job.Runner.RunAsync(spec, session, default);

        result.Conclusion.ShouldBe(JobConclusion.Failed);
        result.Reason.ShouldBe("step 1 'fail' failed with exit code 1");
        session.Events.ShouldBe(["start 0 fail", "finish 0 Failed", "finish 1 Skipped"]);
        session.Steps[0].ExitCode.ShouldBe(1);
        session.Log.ShouldContain("before\n");
        session.Log.ShouldNotContain("not-reached");
        session.Log.ShouldNotContain("second-step-ran");
        Directory.EnumerateFileSystemEntries(_job.WorkRoot).ShouldBeEmpty();
    }

    [Fact]
    public async Task Pipefail_makes_a_failing_pipeline_fail_the_step()
    {
        var result = await _job.Runner.RunAsync(JobHarness.Spec(JobHarness.Run("pipe", "false | cat")), new RecordingSession(), default);

        result.Conclusion.ShouldBe(JobConclusion.Failed);
    }

    [Fact]
    public async Task The_job_timeout_kills_the_step_and_reports_TimedOut()
    {
        var spec = JobHarness.Spec(JobHarness.Run("slow", "echo started; sleep 30"), JobHarness.Run("never", "true")) with { Timeout = TimeSpan.FromSeconds(1) };
        var session = new RecordingSession();
        var clock = Stopwatch.StartNew();

        var result = await _job.Runner.RunAsync(spec, session, default);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(6));
        result.Conclusion.ShouldBe(JobConclusion.TimedOut);
        session.Events.ShouldBe(["start 0 slow", "finish 0 TimedOut", "finish 1 Skipped"]);
        session.Log.ShouldContain("started\n");
    }

    [Fact]
    public async Task Cancellation_stops_the_job_promptly()
    {
        var spec = JobHarness.Spec(JobHarness.Run("slow", "sleep 30"), JobHarness.Run("never", "true"));
        var session = new RecordingSession();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();

        var result = await _job.Runner.RunAsync(spec, session, cancel.Token);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(6));
        result.ShouldBe(new JobResult(JobConclusion.Cancelled, "the job was cancelled"));
        session.Events.ShouldBe(["start 0 slow", "finish 0 Cancelled", "finish 1 Skipped"]);
        Directory.EnumerateFileSystemEntries(_job.WorkRoot).ShouldBeEmpty();
    }

    [Fact]
    public async Task Artifacts_are_uploaded_with_their_digest_and_symlinks_out_of_the_workspace_are_not()
    {
        var spec = JobHarness.Spec(JobHarness.Run("build",
            "mkdir -p dist/sub && head -c 100000 /dev/urandom > dist/model.bin && echo text > dist/sub/notes.txt && echo skip > other.txt"
            + " && ln -s /etc/passwd dist/passwd && ln -s /etc dist/etc && mkfifo dist/pipe")) with
        {
            Artifacts = ["dist/**", "missing/*.bin"],
        };
        var session = new RecordingSession();

        var result = await _job.Runner.RunAsync(spec, session, default);

        result.Conclusion.ShouldBe(JobConclusion.Succeeded, result.Reason);
        session.Artifacts.Keys.Order().ShouldBe(["dist/model.bin", "dist/sub/notes.txt"]);
        var model = session.Artifacts["dist/model.bin"];
        model.Length.ShouldBe(100_000);
        model.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(model.Content)));
        session.Artifacts["dist/sub/notes.txt"].Content.ShouldBe("text\n"u8.ToArray());
        session.Log.ShouldContain($"dist/model.bin (100000 bytes, sha256 {model.Sha256})");
        session.Log.ShouldContain("dist/pipe skipped: it is not a regular file");
    }

    [Fact]
    public async Task Too_many_artifacts_fail_the_job_instead_of_a_partial_upload()
    {
        using var job = new JobHarness(configure: o => o with { MaxArtifacts = 2 });
        var spec = JobHarness.Spec(JobHarness.Run("build", "touch a.txt b.txt c.txt")) with { Artifacts = ["*.txt"] };
        var session = new RecordingSession();

        var result = await job.Runner.RunAsync(spec, session, default);

        result.Conclusion.ShouldBe(JobConclusion.Failed);
        result.Reason!.ShouldContain("match 3 files; at most 2");
        session.Artifacts.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_log_is_capped_with_a_marker()
    {
        using var job = new JobHarness(configure: o => o with { MaxLogBytes = 4000 });
        var spec = JobHarness.Spec(JobHarness.Run("noisy", "for i in $(seq 1 2000); do echo line-$i; done; echo the-end"));
        var session = new RecordingSession();

        var result = await job.Runner.RunAsync(spec, session, default);

        result.Conclusion.ShouldBe(JobConclusion.Succeeded);
        var marker = CappedLogWriter.Marker(4000);
        session.LogBytes.ShouldBe(4000 + marker.Length);
        session.Log.ShouldEndWith(marker);
        session.Log.ShouldNotContain("the-end");
    }

    [Fact]
    public async Task A_failed_checkout_fails_the_job_and_skips_every_step()
    {
        var runner = new JobRunner(_job.Options, new FailingCheckout(), _job.Executor, TimeProvider.System);
        var session = new RecordingSession();

        var result = await runner.RunAsync(JobHarness.Spec(JobHarness.Run("a", "true"), JobHarness.Run("b", "true")), session, default);

        result.ShouldBe(new JobResult(JobConclusion.Failed, "checkout failed: repository not found"));
        session.Events.ShouldBe(["finish 0 Skipped", "finish 1 Skipped"]);
        Directory.EnumerateFileSystemEntries(_job.WorkRoot).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_unsafe_process_executor_warns_at_the_top_of_the_log_and_runs_the_same_steps()
    {
        using var job = new JobHarness(sandboxed: false);
        var spec = JobHarness.Spec(JobHarness.Run("env", "echo \"home=$HOME ci=$CI\"; (sleep 1; touch \"$HOME/late\") & echo done")) with
        {
            Secrets = new Dictionary<string, string> { ["TOKEN"] = Secret },
        };
        var session = new RecordingSession();

        var result = await job.Runner.RunAsync(spec, session, default);

        result.Conclusion.ShouldBe(JobConclusion.Succeeded);
        session.Log.ShouldStartWith(ProcessSandbox.UnsafeWarning + "\n");
        session.Log.ShouldContain("ci=true\n");
        session.Log.ShouldContain("done\n");
    }

    [Fact]
    public async Task A_short_secret_is_announced_in_the_log_by_name()
    {
        var spec = JobHarness.Spec(JobHarness.Run("a", "true")) with { Secrets = new Dictionary<string, string> { ["PIN"] = "123" } };
        var session = new RecordingSession();

        await _job.Runner.RunAsync(spec, session, default);

        session.Log.ShouldContain("warning: secret PIN: is NOT masked in this log");
    }

    [Fact]
    public async Task A_step_with_neither_run_nor_uses_fails_clearly()
    {
        var result = await _job.Runner.RunAsync(JobHarness.Spec(new JobStep { Name = "empty" }), new RecordingSession(), default);

        result.ShouldBe(new JobResult(JobConclusion.Failed, "step 1 'empty' needs exactly one of run and uses"));
    }

    [Theory]
    [InlineData("WorkRoot")]
    [InlineData("MaxProcesses")]
    [InlineData("SandboxUserId")]
    [InlineData("GateCommand")]
    public void Options_out_of_range_are_refused_naming_the_setting(string setting)
    {
        var options = _job.Options;
        options = setting switch
        {
            "WorkRoot" => options with { WorkRoot = "relative/work" },
            "MaxProcesses" => options with { MaxProcesses = 0 },
            "SandboxUserId" => options with { SandboxUserId = 0 },
            _ => options with { GateCommand = [] },
        };

        Should.Throw<ArgumentException>(() => new JobRunner(options, new FailingCheckout(), _job.Executor, TimeProvider.System)).ParamName.ShouldBe(setting);
    }

    public void Dispose() => _job.Dispose();
}
