using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bulwark.Runner.Remote;
using Bulwark.Server.Audit;
using Bulwark.Server.Runs;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Bulwark.Server.Tests.Runs;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Runners;

/// <summary>
/// The remote-runner API against each real database, driven over HTTP as a runner would: one-time registration,
/// disabling, leases by label with long polls, and per-job tokens that work for their own job, while it is leased, only.
/// </summary>
public abstract class RunnerApiTests(Provider provider) : IAsyncLifetime
{
    private const string TwoJobs = """
        on: { manual: {} }
        jobs:
          build: { secrets: [HF_TOKEN], steps: [ { run: make } ] }
          test: { steps: [ { run: make test } ] }
        """;

    private const string SecretValue = "hf_Rk3LpT8wYc2NdXa7Hs5JgUe4Fb1QmV9z";

    private TestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        await _server.CreateUserAsync("dev");
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
        await _admin.CreateProjectAsync("ml-api");
        (await _admin.PutAsJsonAsync("/api/v1/projects/ml-api/secrets/HF_TOKEN", new { value = SecretValue })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_registration_token_registers_one_runner_once_and_is_audited()
    {
        var token = await _admin.RegistrationTokenAsync();
        var first = await _server.RegisterAsync(token, "gpu-box", "gpu", "cuda");
        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var runner = (await first.Content.ReadFromJsonAsync<RunnerRegistered>(RunnerProtocol.Json))!;
        runner.Credential.ShouldStartWith("bwr_" + runner.Id + "_");
        runner.Labels.ShouldBe(["gpu", "cuda"]);

        (await _server.RegisterAsync(token, "second")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a registration token works once");
        var listed = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/runners");
        listed.GetArrayLength().ShouldBe(1);
        listed[0].GetProperty("name").GetString().ShouldBe("gpu-box");
        listed.GetRawText().ShouldNotContain(runner.Credential[^20..], customMessage: "the listing never shows a credential");

        var stored = await _server.WithDatabaseAsync(db => db.Runners.SingleAsync());
        stored.CredentialHash.Length.ShouldBe(32, "only the SHA-256 of the credential is stored");
        var actions = await _server.WithDatabaseAsync(db => db.AuditEntries.Select(e => e.Action).ToListAsync());
        actions.ShouldContain(AuditActions.RunnerRegistrationTokenCreated);
        actions.ShouldContain(AuditActions.RunnerRegistered);
    }

    [Fact]
    public async Task Two_runners_racing_with_one_token_register_only_one()
    {
        var token = await _admin.RegistrationTokenAsync();
        var answers = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => _server.RegisterAsync(token, $"racer-{i}")));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        answers.Where(a => a.StatusCode != HttpStatusCode.Created).ShouldAllBe(a => a.StatusCode == HttpStatusCode.Unauthorized || a.StatusCode == HttpStatusCode.Conflict);
        (await _server.WithDatabaseAsync(db => db.Runners.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task Expired_forged_and_malformed_registration_tokens_are_refused()
    {
        var token = await _admin.RegistrationTokenAsync(expiresInMinutes: 5);
        var id = token.Split('_')[1];
        var past = TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-1);
        await _server.WithDatabaseAsync(db => db.RunnerRegistrationTokens.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, past)));
        (await _server.RegisterAsync(token, "late")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var fresh = await _admin.RegistrationTokenAsync();
        var forged = fresh[..^4] + (fresh[^4..] == "AAAA" ? "BBBB" : "AAAA");
        foreach (var bearer in new[] { forged, "bwreg_short", "bwreg_" + new string('a', 200), await _server.CreateTokenAsync("root") })
        {
            (await _server.RegisterAsync(bearer, "forger")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, bearer[..Math.Min(10, bearer.Length)]);
        }
        (await _server.RegisterAsync(fresh, "bad name!")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _server.RegisterAsync(fresh, "ok", "bad,label")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _server.RegisterAsync(fresh, "ok")).StatusCode.ShouldBe(HttpStatusCode.Created, "refused requests did not use the token up");
        (await _admin.PostAsJsonAsync("/api/v1/runners/registration-tokens", new { expiresInMinutes = 0 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Only_administrators_make_registration_tokens_and_disable_runners()
    {
        using var dev = _server.Client(await _server.CreateTokenAsync("dev"));
        (await dev.PostAsJsonAsync("/api/v1/runners/registration-tokens", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var runner = await _server.RegisteredRunnerAsync(_admin, "box");
        (await dev.PostAsync($"/api/v1/runners/{runner.Id}/disable", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await dev.GetAsync("/api/v1/runners")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Labels_select_runners_and_the_lease_carries_the_spec_without_secret_values()
    {
        var cpu = await _server.RegisteredRunnerAsync(_admin, "cpu-box");
        var gpu = await _server.RegisteredRunnerAsync(_admin, "gpu-box", "gpu");
        var run = await _server.CreateRunAsync("ml-api", "on: { manual: {} }\njobs:\n  train: { runs-on: [gpu], secrets: [HF_TOKEN], steps: [ { run: python train.py } ] }\n");

        (await _server.LeaseOverHttpAsync(cpu.Credential)).ShouldBeNull("the cpu runner lacks the gpu label");
        using var client = _server.Client(gpu.Credential);
        using var response = await client.PostAsync($"/{RunnerProtocol.LeasePath}?wait=0", null);
        var raw = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, raw);
        raw.ShouldNotContain(SecretValue, customMessage: "secret values are fetched with the job token, never sent with the lease");
        var lease = JsonSerializer.Deserialize<LeasedJob>(raw, RunnerProtocol.Json)!;
        lease.RunId.ShouldBe(run.Id);
        lease.Job.ShouldBe("train");
        lease.SecretNames.ShouldBe(["HF_TOKEN"]);
        lease.Spec.Secrets.ShouldBeEmpty();
        lease.Spec.Steps.Single().Run.ShouldBe("python train.py");
        lease.JobToken.ShouldStartWith("bwj_");
        lease.TokenExpiresAt.ShouldBeGreaterThan(TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(15));
        (await _server.WithDatabaseAsync(db => db.RunJobs.SingleAsync(j => j.Id == lease.JobId))).LeasedBy.ShouldBe("remote:" + gpu.Id);

        var secrets = await _server.JobCallAsync(lease.JobId, "secrets", lease.JobToken, method: HttpMethod.Get);
        secrets.StatusCode.ShouldBe(HttpStatusCode.OK);
        secrets.Headers.CacheControl!.NoStore.ShouldBeTrue();
        (await secrets.Content.ReadFromJsonAsync<JobSecrets>(RunnerProtocol.Json))!.Secrets.ShouldBe(new Dictionary<string, string> { ["HF_TOKEN"] = SecretValue });
        var reads = await _server.WithDatabaseAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.SecretRead).ToListAsync());
        reads.ShouldHaveSingleItem().Details.ShouldContain(run.Id.ToString());
    }

    [Fact]
    public async Task A_waiting_lease_request_is_answered_as_soon_as_a_job_is_ready()
    {
        var runner = await _server.RegisteredRunnerAsync(_admin, "waiter");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var waiting = _server.LeaseOverHttpAsync(runner.Credential, wait: 30);
        await Task.Delay(500);
        waiting.IsCompleted.ShouldBeFalse("nothing is queued yet, so the request waits");
        var run = await _server.CreateRunAsync("ml-api", TwoJobs);
        var lease = (await waiting).ShouldNotBeNull();
        lease.RunId.ShouldBe(run.Id);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), "the signal woke the waiting request; it did not wait out its 30 s");
    }

    [Fact]
    public async Task A_job_token_works_only_for_its_own_job_and_only_while_the_job_is_leased()
    {
        var runner = await _server.RegisteredRunnerAsync(_admin, "box");
        await _server.CreateRunAsync("ml-api", TwoJobs);
        var a = (await _server.LeaseOverHttpAsync(runner.Credential))!;
        var b = (await _server.LeaseOverHttpAsync(runner.Credential))!;
        a.JobId.ShouldNotBe(b.JobId);

        (await _server.JobCallAsync(a.JobId, "heartbeat", a.JobToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var action in new[] { "heartbeat", "log", "complete", "release", "steps/0/started" })
        {
            (await _server.JobCallAsync(b.JobId, action, a.JobToken, Json("{}"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"job A's token on job B's {action}");
        }
        (await _server.JobCallAsync(b.JobId, "secrets", a.JobToken, method: HttpMethod.Get)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var forged = "bwj_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        foreach (var bearer in new[] { forged, a.JobToken[..^1], runner.Credential, await _server.CreateTokenAsync("root"), "bwj_" })
        {
            (await _server.JobCallAsync(a.JobId, "heartbeat", bearer)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        (await _server.JobCallAsync(Guid.NewGuid(), "heartbeat", a.JobToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var done = await _server.JobCallAsync(a.JobId, "complete", a.JobToken, Json("""{"conclusion":"succeeded","reason":null}"""));
        done.StatusCode.ShouldBe(HttpStatusCode.NoContent, await done.Content.ReadAsStringAsync());
        (await _server.JobCallAsync(a.JobId, "heartbeat", a.JobToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a finished job's token is dead");
        (await _server.JobCallAsync(a.JobId, "complete", a.JobToken, Json("""{"conclusion":"failed","reason":"x"}"""))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var past = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(-1);
        await _server.WithDatabaseAsync(db => db.RunJobs.Where(j => j.Id == b.JobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.JobTokenExpiresAt, past)));
        (await _server.JobCallAsync(b.JobId, "heartbeat", b.JobToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "an expired job token is dead even while the lease is held");
    }

    [Fact]
    public async Task Runner_and_user_credentials_never_cross()
    {
        var runner = await _server.RegisteredRunnerAsync(_admin, "box");
        await _server.CreateRunAsync("ml-api", TwoJobs);
        var lease = (await _server.LeaseOverHttpAsync(runner.Credential))!;
        foreach (var bearer in new[] { runner.Credential, lease.JobToken })
        {
            using var client = _server.Client(bearer);
            (await client.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await client.GetAsync("/api/v1/runners")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        (await _admin.PostAsync($"/{RunnerProtocol.LeasePath}?wait=0", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "an administrator's token is not a runner");
        using (var job = _server.Client(lease.JobToken))
        {
            (await job.PostAsync($"/{RunnerProtocol.LeasePath}?wait=0", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a job token cannot lease");
        }
        var problem = await (await _server.Client().PostAsync($"/{RunnerProtocol.LeasePath}?wait=0", null)).Content.ReadAsStringAsync();
        problem.ShouldContain("bwr_", customMessage: "the 401 says which credential the endpoint takes");
    }

    [Fact]
    public async Task A_disabled_runner_cannot_lease_and_its_jobs_go_back_to_the_queue()
    {
        var runner = await _server.RegisteredRunnerAsync(_admin, "doomed");
        var run = await _server.CreateRunAsync("ml-api", TwoJobs);
        var lease = (await _server.LeaseOverHttpAsync(runner.Credential))!;

        var disabled = await _admin.PostAsync($"/api/v1/runners/{runner.Id}/disable", null);
        disabled.StatusCode.ShouldBe(HttpStatusCode.OK, await disabled.Content.ReadAsStringAsync());
        using (var client = _server.Client(runner.Credential))
        {
            (await client.PostAsync($"/{RunnerProtocol.LeasePath}?wait=0", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        (await _server.JobCallAsync(lease.JobId, "heartbeat", lease.JobToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "its job token died with its lease");
        (await _server.StateAsync(run.Id)).Jobs[lease.Job].ShouldBe(JobStatus.Queued);
        (await _admin.PostAsync("/api/v1/runners/nosuchrunner/disable", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var listed = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/runners");
        listed[0].GetProperty("disabledAt").ValueKind.ShouldBe(JsonValueKind.String);
        listed[0].GetProperty("disabledBy").GetString().ShouldBe("root");
        var actions = await _server.WithDatabaseAsync(db => db.AuditEntries.Select(e => new { e.Action, e.Outcome }).ToListAsync());
        actions.ShouldContain(new { Action = AuditActions.RunnerDisabled, Outcome = "success" });
        actions.ShouldContain(new { Action = AuditActions.RunnerRejected, Outcome = "failure" });
    }

    [Fact]
    public async Task A_handed_back_job_is_queued_again_without_spending_an_attempt()
    {
        var runner = await _server.RegisteredRunnerAsync(_admin, "box");
        var run = await _server.CreateRunAsync("ml-api", "on: { manual: {} }\njobs:\n  only: { steps: [ { run: make } ] }\n");
        var lease = (await _server.LeaseOverHttpAsync(runner.Credential))!;
        lease.Attempt.ShouldBe(1);
        (await _server.JobCallAsync(lease.JobId, "release", lease.JobToken)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _server.StateAsync(run.Id)).Jobs["only"].ShouldBe(JobStatus.Queued);
        (await _server.JobCallAsync(lease.JobId, "heartbeat", lease.JobToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var again = (await _server.LeaseOverHttpAsync(runner.Credential))!;
        again.Attempt.ShouldBe(1);
        again.JobToken.ShouldNotBe(lease.JobToken);
    }

    [Fact]
    public async Task Job_endpoints_bound_and_check_what_a_runner_sends()
    {
        var runner = await _server.RegisteredRunnerAsync(_admin, "box");
        await _server.CreateRunAsync("ml-api", "on: { manual: {} }\njobs:\n  only: { steps: [ { run: make } ] }\n");
        var lease = (await _server.LeaseOverHttpAsync(runner.Credential))!;
        async Task<HttpStatusCode> Call(string action, HttpContent? content = null) => (await _server.JobCallAsync(lease.JobId, action, lease.JobToken, content)).StatusCode;

        (await Call("log", new ByteArrayContent(new byte[RunnerProtocol.MaxLogBytesPerRequest + 1]))).ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Call("log", new ByteArrayContent("hello from afar\n"u8.ToArray()))).ShouldBe(HttpStatusCode.NoContent);
        (await Call("steps/256/started", Json("""{"name":"x"}"""))).ShouldBe(HttpStatusCode.BadRequest);
        (await Call("steps/-1/started", Json("""{"name":"x"}"""))).ShouldBe(HttpStatusCode.BadRequest);
        (await Call("steps/0/started", Json("""{"name":"make\u0007"}"""))).ShouldBe(HttpStatusCode.NoContent);
        (await Call("steps/0/finished", Json("""{"conclusion":"succeeded","exitCode":0,"durationMilliseconds":12}"""))).ShouldBe(HttpStatusCode.NoContent);
        (await Call("steps/0/finished", Json("""{"conclusion":"succeeded","exitCode":0,"durationMilliseconds":12,"extra":1}"""))).ShouldBe(HttpStatusCode.BadRequest);
        (await Call("gates?step=0&gate=secrets-scan&passed=false", Json("{not json"))).ShouldBe(HttpStatusCode.BadRequest);
        (await Call("gates?step=0&gate=secrets-scan&passed=false", new ByteArrayContent(new byte[RunnerProtocol.MaxGateReportBytes + 1]))).ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Call("gates?step=0&gate=secrets-scan&passed=false", Json("""{"findings":[{"rule":"aws"}]}"""))).ShouldBe(HttpStatusCode.NoContent);

        var content = "weights"u8.ToArray();
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        HttpContent Artifact(string sha)
        {
            var body = new ByteArrayContent(content);
            body.Headers.Add(RunnerProtocol.Sha256Header, sha);
            return body;
        }
        (await Call("artifacts?path=model.bin", new ByteArrayContent(content))).ShouldBe(HttpStatusCode.BadRequest, "no digest");
        (await Call("artifacts?path=model.bin", Artifact(new string('0', 64)))).ShouldBe(HttpStatusCode.BadRequest, "wrong digest");
        (await Call("artifacts?path=../escape", Artifact(digest))).ShouldBe(HttpStatusCode.BadRequest);
        (await Call("artifacts?path=model.bin", Artifact(digest))).ShouldBe(HttpStatusCode.NoContent);
        var large = new byte[3 * 1024 * 1024 + 5];
        Random.Shared.NextBytes(large);
        var upload = new ByteArrayContent(large);
        upload.Headers.Add(RunnerProtocol.Sha256Header, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(large)));
        (await Call("artifacts?path=weights/large.bin", upload)).ShouldBe(HttpStatusCode.NoContent, "artifacts are streamed past the API's 1 MiB body limit");
        var report = "{\"padding\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        (await Call("gates?step=0&gate=model-scan&passed=true", Json(report))).ShouldBe(HttpStatusCode.NoContent, "gate reports may pass the API's 1 MiB body limit");

        var stored = await _server.WithDatabaseAsync(async db => new
        {
            Log = Encoding.UTF8.GetString(await new JobLogStore(db).ReadAsync(lease.JobId, CancellationToken.None)),
            Step = await db.RunJobSteps.SingleAsync(s => s.JobId == lease.JobId),
            Gate = await db.GateReports.SingleAsync(g => g.JobId == lease.JobId && g.Gate == "secrets-scan"),
            Artifact = await db.RunArtifacts.SingleAsync(a => a.JobId == lease.JobId && a.Path == "model.bin"),
        });
        stored.Log.ShouldBe("hello from afar\n");
        stored.Step.Name.ShouldBe("make ");
        stored.Step.Status.ShouldBe("succeeded");
        stored.Gate.Passed.ShouldBeFalse();
        stored.Gate.ReportJson.ShouldContain("aws");
        stored.Artifact.Sha256.ShouldBe(digest);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

public sealed class SqliteRunnerApiTests() : RunnerApiTests(Provider.Sqlite);

public sealed class PostgresRunnerApiTests() : RunnerApiTests(Provider.Postgres);
