using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bulwark.Runner.Remote;
using Bulwark.Runner.Tests.Gates;
using Bulwark.Server.Audit;
using Bulwark.Server.Tests.Infrastructure;
using Bulwark.Server.Tests.Pipelines;
using Bulwark.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Runners;

/// <summary>
/// Remote runners end to end with real parts: a server with no embedded runner, a git repository on disk, a signed
/// webhook, and runner agents that register with one-time tokens, long-poll over HTTP, fetch secrets with their job
/// tokens and run every step in bubblewrap with the real CLI for gates.
/// </summary>
public abstract class RemoteRunnerEndToEndTests(Provider provider) : IAsyncLifetime
{
    private const string Token = "hf_QmV9zRk3LpT8wYc2NdXa7Hs5JgUe4Fb1";

    private readonly LocalRepository _repository = new();
    private readonly BulwarkCli _cli = new();
    private readonly TempDirectory _work = new("bulwark-remote-work-");
    private readonly List<InProcessRunner> _runners = [];
    private TestServer _server = null!;
    private HttpClient _admin = null!;
    private string _webhookSecret = "";

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider, o => o with { AllowLocalRepositories = true, EmbeddedRunners = 0 });
        await _server.CreateUserAsync("root", isAdmin: true);
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
        var created = await _admin.PostAsJsonAsync("/api/v1/projects", new { name = "ml-api", repositoryUrl = _repository.Url });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        _webhookSecret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhookSecret").GetString()!;
        (await _admin.PutAsJsonAsync("/api/v1/projects/ml-api/secrets/HF_TOKEN", new { value = Token })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        foreach (var runner in _runners)
        {
            await runner.DisposeAsync();
        }
        _admin.Dispose();
        await _server.DisposeAsync();
        _repository.Dispose();
        _cli.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task A_remote_runner_runs_the_example_with_a_masked_secret_an_artifact_and_a_gate()
    {
        const string pipeline = """
            on:
              push:
                branches: [main]
            jobs:
              build:
                secrets: [HF_TOKEN]
                artifacts: [model.bin]
                steps:
                  - run: echo hello-from-bulwark
                  - run: echo "$HF_TOKEN"; printf %s "$HF_TOKEN" | base64
                  - run: printf 'weights-%s' 42 > model.bin
              scan:
                steps:
                  - uses: bulwark/secrets-scan
            """;
        var runner = await StartRunnerAsync("builder");
        var commit = _repository.Commit("pipeline", (".bulwark.yml", pipeline));
        var runId = await (await _admin.SendGitHubAsync("ml-api", "push", PipelineTestData.Push(commit), _webhookSecret)).CreatedRunAsync();

        var run = await _admin.WaitForRunAsync(runId);
        var log = await _admin.LogAsync(runId, "build");
        run.GetProperty("status").GetString().ShouldBe("succeeded", log + "\n" + runner.AllReports);
        log.ShouldContain("hello-from-bulwark");
        log.ShouldContain("***");
        foreach (var form in new[] { Token, Convert.ToBase64String(Encoding.UTF8.GetBytes(Token)), Uri.EscapeDataString(Token) })
        {
            log.ShouldNotContain(form, customMessage: "a secret form reached the stored log");
        }
        runner.AllReports.ShouldContain("job build");
        runner.AllReports.ShouldNotContain(Token);

        var model = await _admin.GetByteArrayAsync($"/api/v1/runs/{runId}/artifacts/build/model.bin");
        Encoding.UTF8.GetString(model).ShouldBe("weights-42");
        var gates = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/jobs/scan/gates");
        gates[0].GetProperty("gate").GetString().ShouldBe("secrets-scan");
        gates[0].GetProperty("passed").GetBoolean().ShouldBeTrue();
        (await _admin.GetStringAsync($"/api/v1/runs/{runId}/provenance")).ShouldContain("dsseEnvelope");
        var reads = await _server.WithDatabaseAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.SecretRead).Select(e => e.Details).ToListAsync());
        reads.ShouldHaveSingleItem().ShouldContain(runId.ToString(), customMessage: "the job token's secret fetch is audited like the embedded runner's");
        var steps = await _server.WithDatabaseAsync(db => db.RunJobSteps.Where(s => s.Status == "succeeded").CountAsync());
        steps.ShouldBe(4, "three run steps and the gate, reported over the API");
    }

    [Fact]
    public async Task A_job_that_asks_for_a_gpu_is_taken_only_by_the_runner_with_that_label()
    {
        const string pipeline = """
            on: { push: { branches: [main] } }
            jobs:
              train:
                runs-on: [gpu]
                steps:
                  - run: echo training
              lint:
                needs: [train]
                steps:
                  - run: echo linting
            """;
        var cpu = await StartRunnerAsync("cpu-box");
        var commit = _repository.Commit("gpu", (".bulwark.yml", pipeline));
        var runId = await (await _admin.SendGitHubAsync("ml-api", "push", PipelineTestData.Push(commit), _webhookSecret)).CreatedRunAsync();
        await Task.Delay(1500);
        (await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}")).GetProperty("status").GetString().ShouldBe("queued", "only a gpu runner may take train");

        var gpu = await StartRunnerAsync("gpu-box", "gpu");
        var run = await _admin.WaitForRunAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("succeeded", gpu.AllReports + "\n" + cpu.AllReports);
        gpu.AllReports.ShouldContain("job train");
        cpu.AllReports.ShouldNotContain("job train");
    }

    [Fact]
    public async Task Cancelling_a_run_stops_the_remote_job_at_its_next_heartbeat()
    {
        var runner = await StartRunnerAsync("box");
        var commit = _repository.Commit("slow", (".bulwark.yml", "on: { push: { branches: [main] } }\njobs:\n  slow:\n    steps:\n      - run: sleep 120\n"));
        var runId = await (await _admin.SendGitHubAsync("ml-api", "push", PipelineTestData.Push(commit), _webhookSecret)).CreatedRunAsync();
        await WaitForStatusAsync(runId, "running");
        await Task.Delay(1000);

        (await _admin.PostAsync($"/api/v1/runs/{runId}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await _admin.WaitForRunAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("cancelled", runner.AllReports);
        // The server marks the run cancelled at once; the runner learns it at its next heartbeat (every 10 s).
        await runner.WaitForReportAsync("job slow of run " + runId + " cancelled", TimeSpan.FromSeconds(60) - clock.Elapsed);
    }

    [Fact]
    public async Task A_stopping_runner_hands_its_job_back_and_another_runner_finishes_it()
    {
        var leaving = await StartRunnerAsync("leaving", options: new RemoteRunnerOptions { DrainTimeout = TimeSpan.Zero });
        var commit = _repository.Commit("slow", (".bulwark.yml", "on: { push: { branches: [main] } }\njobs:\n  train:\n    steps:\n      - run: sleep 4; echo trained\n"));
        var runId = await (await _admin.SendGitHubAsync("ml-api", "push", PipelineTestData.Push(commit), _webhookSecret)).CreatedRunAsync();
        await WaitForStatusAsync(runId, "running");
        // "running" is the server's lease; wait until the runner itself has the job (its first step started), or a
        // stop could land while the lease answer is still in flight and nothing would be there to hand back.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}")).GetProperty("jobs")[0].GetProperty("steps").GetArrayLength() == 0)
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
            await Task.Delay(50);
        }

        (await leaving.StopAsync()).ShouldBe(RemoteRunnerExit.Stopped);
        leaving.AllReports.ShouldContain("handed back to the queue");
        (await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}")).GetProperty("jobs")[0].GetProperty("status").GetString().ShouldBe("queued");

        await StartRunnerAsync("staying");
        var run = await _admin.WaitForRunAsync(runId);
        var log = await _admin.LogAsync(runId, "train");
        run.GetProperty("status").GetString().ShouldBe("succeeded", log);
        log.ShouldContain("handed the job back");
        log.ShouldContain("trained");
        run.GetProperty("jobs")[0].GetProperty("attempt").GetInt32().ShouldBe(1, "a handed-back attempt is not counted");
    }

    [Fact]
    public async Task A_disabled_runner_is_refused_and_stops()
    {
        var runner = await StartRunnerAsync("doomed", options: new RemoteRunnerOptions { LeaseWaitSeconds = 1 });
        (await _admin.PostAsync($"/api/v1/runners/{runner.Runner.Id}/disable", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await runner.Completion.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBe(RemoteRunnerExit.Refused);
        runner.AllReports.ShouldContain("refused this runner's credential");
    }

    [Fact]
    public async Task An_unreachable_server_is_retried_with_backoff_until_the_runner_is_stopped()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var registered = new RunnerRegistered("abcdefghijkl", "lonely", [], "bwr_abcdefghijkl_secret");
        await using var runner = InProcessRunner.Start(new Uri($"http://127.0.0.1:{port}"), registered, _cli.Command, _work.Path,
            new RemoteRunnerOptions { MinBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (runner.Reports.Count(r => r.Contains("trying again", StringComparison.Ordinal)) < 3)
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), runner.AllReports);
            await Task.Delay(50);
        }
        runner.AllReports.ShouldContain("cannot reach");
        (await runner.StopAsync()).ShouldBe(RemoteRunnerExit.Stopped);
    }

    private async Task<InProcessRunner> StartRunnerAsync(string name, string? label = null, RemoteRunnerOptions? options = null)
    {
        var registered = await _server.RegisteredRunnerAsync(_admin, name, label is null ? [] : [label]);
        var runner = InProcessRunner.Start(_server.BaseAddress, registered, _cli.Command, _work.Path, options);
        _runners.Add(runner);
        return runner;
    }

    private async Task WaitForStatusAsync(Guid runId, string status)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}")).GetProperty("status").GetString() != status)
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), $"the run never became {status}");
            await Task.Delay(100);
        }
    }
}

public sealed class SqliteRemoteRunnerEndToEndTests() : RemoteRunnerEndToEndTests(Provider.Sqlite);

public sealed class PostgresRemoteRunnerEndToEndTests() : RemoteRunnerEndToEndTests(Provider.Postgres);
