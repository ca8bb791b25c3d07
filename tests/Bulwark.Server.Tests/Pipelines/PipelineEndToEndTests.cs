using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;

namespace Bulwark.Server.Tests.Pipelines;

/// <summary>
/// The whole path with real parts: a git repository on disk, a signed GitHub webhook, the queue in a real database,
/// the embedded runner cloning the commit and running each step in a bubblewrap sandbox with the real CLI for gates.
/// </summary>
public abstract class PipelineEndToEndTests(Provider provider) : IAsyncLifetime
{
    /// <summary>The minimal pipeline of the issue, as written there.</summary>
    private const string Example = """
        on:
          push:
            branches: [main]
        jobs:
          build:
            secrets: [HF_TOKEN]
            steps:
              - run: echo hello-from-bulwark
              - run: echo "$HF_TOKEN"; printf %s "$HF_TOKEN" | base64
        """;

    private const string Token = "hf_QmV9zRk3LpT8wYc2NdXa7Hs5JgUe4Fb1";

    private PipelineHarness _pipeline = null!;

    public async Task InitializeAsync()
    {
        _pipeline = await PipelineHarness.StartAsync(provider);
        (await _pipeline.Admin.PutAsJsonAsync("/api/v1/projects/ml-api/secrets/HF_TOKEN", new { value = Token })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    [Fact]
    public async Task A_signed_push_runs_the_example_pipeline_in_a_sandbox_and_the_secret_never_reaches_the_log()
    {
        var commit = _pipeline.Repository.Commit("pipeline", (".bulwark.yml", Example));
        var response = await _pipeline.Admin.SendGitHubAsync("ml-api", "push", PipelineTestData.Push(commit), _pipeline.WebhookSecret);
        var runId = await response.CreatedRunAsync();

        var run = await _pipeline.Admin.WaitForRunAsync(runId);
        var log = await _pipeline.Admin.LogAsync(runId, "build");
        run.GetProperty("status").GetString().ShouldBe("succeeded", log);
        log.ShouldContain("hello-from-bulwark");
        log.ShouldContain("***");
        foreach (var form in new[] { Token, Convert.ToBase64String(Encoding.UTF8.GetBytes(Token)), Uri.EscapeDataString(Token), Token[..^1] + "\n" })
        {
            log.ShouldNotContain(form.TrimEnd('\n'), customMessage: "a secret form reached the stored log");
        }
        var listed = await _pipeline.Admin.GetFromJsonAsync<JsonElement>("/api/v1/projects/ml-api/runs");
        listed[0].GetProperty("commit").GetString().ShouldBe(commit);
        listed[0].GetProperty("event").GetString().ShouldBe("push");
    }

    [Fact]
    public async Task A_successful_run_uploads_its_artifacts_encrypted_and_signs_their_provenance()
    {
        const string build = """
            on: { push: { branches: [main] } }
            jobs:
              train:
                artifacts: [model.bin, "reports/*.txt"]
                steps:
                  - run: printf 'weights-%s' 42 > model.bin; mkdir reports; echo accuracy=0.93 > reports/eval.txt
            """;
        var commit = _pipeline.Repository.Commit("train", (".bulwark.yml", build));
        var runId = await (await _pipeline.Admin.SendGitHubAsync("ml-api", "push", PipelineTestData.Push(commit), _pipeline.WebhookSecret)).CreatedRunAsync();
        var run = await _pipeline.Admin.WaitForRunAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("succeeded", await _pipeline.Admin.LogAsync(runId, "train"));

        var artifacts = await _pipeline.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/artifacts");
        artifacts.EnumerateArray().Select(a => a.GetProperty("path").GetString()).Order().ShouldBe(["model.bin", "reports/eval.txt"]);
        var model = await _pipeline.Admin.GetByteArrayAsync($"/api/v1/runs/{runId}/artifacts/train/model.bin");
        Encoding.UTF8.GetString(model).ShouldBe("weights-42");
        var digest = artifacts.EnumerateArray().Single(a => a.GetProperty("path").GetString() == "model.bin").GetProperty("sha256").GetString();
        digest.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(model)));

        var provenance = await _pipeline.Admin.GetStringAsync($"/api/v1/runs/{runId}/provenance");
        provenance.ShouldContain("dsseEnvelope");
        var blobs = Directory.EnumerateFiles(Path.Combine(_pipeline.Server.Options.DataDirectory, "blobs"), "*", SearchOption.AllDirectories).ToList();
        blobs.ShouldNotBeEmpty();
        blobs.ShouldAllBe(b => !File.ReadAllText(b).Contains("weights-42"), "artifacts are encrypted at rest");
    }

    [Fact]
    public async Task Forged_and_replayed_webhooks_are_refused()
    {
        var commit = _pipeline.Repository.Commit("pipeline", (".bulwark.yml", Example));
        var body = PipelineTestData.Push(commit);
        (await _pipeline.Admin.SendGitHubAsync("ml-api", "push", body, "not-the-secret")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _pipeline.Admin.SendGitHubAsync("ml-api", "push", body, _pipeline.WebhookSecret, signature: "sha256=" + new string('0', 64))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _pipeline.Admin.SendGitHubAsync("no-such-project", "push", body, _pipeline.WebhookSecret)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var delivery = Guid.NewGuid().ToString();
        (await _pipeline.Admin.SendGitHubAsync("ml-api", "push", body, _pipeline.WebhookSecret, delivery)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _pipeline.Admin.SendGitHubAsync("ml-api", "push", body, _pipeline.WebhookSecret, delivery)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _pipeline.Admin.SendGitHubAsync("ml-api", "push", body, _pipeline.WebhookSecret)).StatusCode.ShouldBe(HttpStatusCode.Conflict, "a captured body resent under a new delivery id is still a replay");
        (await _pipeline.Admin.SendGitHubAsync("ml-api", "ping", "{\"zen\":\"hi\",\"hook_id\":1}", _pipeline.WebhookSecret)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await _pipeline.Admin.GetFromJsonAsync<JsonElement>("/api/v1/projects/ml-api/runs")).GetArrayLength().ShouldBe(1, "only the genuine delivery made a run");
    }

    [Fact]
    public async Task A_pull_request_from_a_fork_runs_without_secrets()
    {
        var commit = _pipeline.Repository.Commit("pipeline", (".bulwark.yml", Example.Replace("    branches: [main]\n", "    branches: [main]\n  pull_request: {}\n", StringComparison.Ordinal)));
        _pipeline.Repository.Git("update-ref", "refs/pull/7/head", commit);
        var response = await _pipeline.Admin.SendGitHubAsync("ml-api", "pull_request", PipelineTestData.ForkPullRequest(commit, 7), _pipeline.WebhookSecret);
        var runId = await response.CreatedRunAsync();

        var run = await _pipeline.Admin.WaitForRunAsync(runId);
        var log = await _pipeline.Admin.LogAsync(runId, "build");
        run.GetProperty("status").GetString().ShouldBe("succeeded", log);
        run.GetProperty("run").GetProperty("fromFork").GetBoolean().ShouldBeTrue();
        log.ShouldContain("hello-from-bulwark");
        log.ShouldNotContain("***", customMessage: "the job had no secret to mask: HF_TOKEN was empty");
        log.ShouldNotContain(Token);
    }

    [Fact]
    public async Task A_gate_fails_the_run_when_a_secret_is_committed_and_its_findings_are_stored()
    {
        const string gated = """
            on: { push: { branches: [main] } }
            jobs:
              scan:
                steps:
                  - uses: bulwark/secrets-scan
              build:
                needs: [scan]
                steps:
                  - run: echo built
            """;
        var commit = _pipeline.Repository.Commit("leak", (".bulwark.yml", gated), ("config/aws.env", "AWS_ACCESS_KEY_ID=AKIAZ7Q3LMX4PVN2RT6W\n"));
        var runId = await (await _pipeline.Admin.SendGitHubAsync("ml-api", "push", PipelineTestData.Push(commit), _pipeline.WebhookSecret)).CreatedRunAsync();

        var run = await _pipeline.Admin.WaitForRunAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("failed");
        var jobs = run.GetProperty("jobs").EnumerateArray().ToDictionary(j => j.GetProperty("name").GetString()!, j => j.GetProperty("status").GetString());
        jobs["scan"].ShouldBe("failed");
        jobs["build"].ShouldBe("skipped");
        var gates = await _pipeline.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/jobs/scan/gates");
        gates[0].GetProperty("passed").GetBoolean().ShouldBeFalse();
        gates[0].GetProperty("report").GetRawText().ShouldContain("config/aws.env");
        (await _pipeline.Admin.LogAsync(runId, "scan")).ShouldContain("aws.env");
    }

    [Fact]
    public async Task A_gate_fails_the_run_when_a_malicious_pickle_is_committed()
    {
        const string gated = """
            on: { push: { branches: [main] } }
            jobs:
              models:
                steps:
                  - uses: bulwark/model-scan
                    with: { path: models }
            """;
        // Protocol 2: GLOBAL posix.system, the argument 'id', REDUCE: loading this model runs a shell command.
        byte[] pickle = [0x80, 0x02, .. "cposix\nsystem\nq\x00X\x02\x00\x00\x00idq\x01"u8, 0x85, .. "q\x02Rq\x03."u8];
        var commit = _pipeline.Repository.Commit("model", (".bulwark.yml", Encoding.UTF8.GetBytes(gated)), ("models/classifier.pt", pickle));
        var runId = await (await _pipeline.Admin.SendGitHubAsync("ml-api", "push", PipelineTestData.Push(commit), _pipeline.WebhookSecret)).CreatedRunAsync();

        var run = await _pipeline.Admin.WaitForRunAsync(runId);
        var log = await _pipeline.Admin.LogAsync(runId, "models");
        run.GetProperty("status").GetString().ShouldBe("failed", log);
        var gates = await _pipeline.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/jobs/models/gates");
        gates[0].GetProperty("passed").GetBoolean().ShouldBeFalse();
        gates[0].GetProperty("report").GetRawText().ShouldContain("posix");
        log.ShouldContain("model-pickle-dangerous-global");
    }

    [Fact]
    public async Task A_manual_run_of_a_branch_builds_its_tip_and_an_invalid_definition_fails_with_line_and_column()
    {
        var good = _pipeline.Repository.Commit("pipeline", (".bulwark.yml", Example.Replace("  push:", "  manual: {}\n  push:", StringComparison.Ordinal)));
        var triggered = await _pipeline.Admin.PostAsJsonAsync("/api/v1/projects/ml-api/runs", new { @ref = "main" });
        triggered.StatusCode.ShouldBe(HttpStatusCode.Created, await triggered.Content.ReadAsStringAsync());
        var manual = await triggered.Content.ReadFromJsonAsync<JsonElement>();
        manual.GetProperty("commit").GetString().ShouldBe(good);
        (await _pipeline.Admin.WaitForRunAsync(manual.GetProperty("id").GetGuid())).GetProperty("status").GetString().ShouldBe("succeeded");

        var bad = _pipeline.Repository.Commit("typo", (".bulwark.yml", "on: { manual: {} }\njobs:\n  build:\n    stepz: []\n"));
        var failed = await (await _pipeline.Admin.PostAsJsonAsync("/api/v1/projects/ml-api/runs", new { @ref = "refs/heads/main", commit = bad })).Content.ReadFromJsonAsync<JsonElement>();
        failed.GetProperty("status").GetString().ShouldBe("failed");
        failed.GetProperty("reason").GetString()!.ShouldContain(".bulwark.yml:4:5");
    }

    [Fact]
    public async Task Stopping_the_server_mid_run_loses_nothing_the_job_runs_again_after_the_restart()
    {
        var slow = """
            on: { push: { branches: [main] } }
            jobs:
              train:
                steps:
                  - run: sleep 3; echo trained
            """;
        var commit = _pipeline.Repository.Commit("slow", (".bulwark.yml", slow));
        var runId = await (await _pipeline.Admin.SendGitHubAsync("ml-api", "push", PipelineTestData.Push(commit), _pipeline.WebhookSecret)).CreatedRunAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await _pipeline.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}")).GetProperty("status").GetString() != "running")
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
            await Task.Delay(100);
        }

        await _pipeline.Server.RestartAsync();
        using var admin = _pipeline.Server.Client(await _pipeline.Server.CreateTokenAsync("root"));
        var run = await admin.WaitForRunAsync(runId);
        var log = await admin.LogAsync(runId, "train");
        run.GetProperty("status").GetString().ShouldBe("succeeded", log);
        log.ShouldContain("trained");
        run.GetProperty("jobs")[0].GetProperty("attempt").GetInt32().ShouldBe(2);
    }
}

public sealed class SqlitePipelineEndToEndTests() : PipelineEndToEndTests(Provider.Sqlite);

public sealed class PostgresPipelineEndToEndTests() : PipelineEndToEndTests(Provider.Postgres);
