using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Runner.Jobs;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Runners;
using Bulwark.Server.Runs;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Bulwark.Server.Tests.Pipelines;
using Bulwark.Server.Tests.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Tests.Web;

/// <summary>
/// The run pages as a browser session sees them (no script involved): what each role is shown, what a forged post
/// achieves, and that untrusted text (logs, findings) arrives as text. Runs are driven through the real queue and
/// the embedded runner's job session, without a runner.
/// </summary>
public abstract class RunPagesTests(Provider provider) : IAsyncLifetime
{
    private const string Pipeline = """
        on: { manual: {}, push: {} }
        jobs:
          lint:
            steps: [ { run: ruff check . } ]
          scan:
            steps: [ { uses: bulwark/secrets-scan } ]
          build:
            needs: [scan, lint]
            steps: [ { run: make } ]
        """;

    private readonly LocalRepository _repository = new();
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider, o => o with { AllowLocalRepositories = true });
        await _server.CreateUserAsync("root", isAdmin: true);
        await _server.EnrolMfaAsync("root");
        await _server.CreateUserAsync("vic");
        await _server.CreateUserAsync("dev");
        await _server.CreateUserAsync("outsider");
        using var root = _server.Client(await _server.CreateTokenAsync("root"));
        (await root.PostAsync("/api/v1/projects", System.Net.Http.Json.JsonContent.Create(new { name = "ml-api", repositoryUrl = _repository.Url }))).EnsureSuccessStatusCode();
        await _server.AddMemberAsync("ml-api", "vic", ProjectRole.Viewer);
        await _server.AddMemberAsync("ml-api", "dev", ProjectRole.Developer);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _repository.Dispose();
    }

    [Fact]
    public async Task A_viewer_sees_the_runs_the_job_graph_steps_and_findings_but_no_run_forms()
    {
        var run = await _server.CreateRunAsync("ml-api", Pipeline);
        var leases = await LeaseAllAsync();
        var scan = Session(leases["scan"]);
        await scan.StepStartedAsync(0, "bulwark/secrets-scan", CancellationToken.None);
        await scan.StepFinishedAsync(0, new StepResult(StepConclusion.Failed, 1, TimeSpan.FromSeconds(2)), CancellationToken.None);
        await scan.ReportGateAsync(0, "secrets-scan", passed: false, RunPageTestData.Report(
            RunPageTestData.Finding("aws-access-key", Severity.Critical, "config/aws.env", 3, "AWS key <b>leaked</b>")), CancellationToken.None);
        await _server.CompleteAsync(leases["scan"], "r", JobConclusion.Failed);
        await _server.CompleteAsync(leases["lint"], "r", JobConclusion.Succeeded);

        using var viewer = await BrowserSession.SignInAsync(_server, "vic");
        var project = await ReadAsync(await viewer.GetAsync("/projects/ml-api"));
        project.ShouldContain("href=\"/projects/ml-api/runs/1\"");
        project.ShouldContain("status-failed");
        project.ShouldContain(RunTestData.Commit[..8]);
        project.ShouldNotContain("trigger-run");

        var page = await ReadAsync(await viewer.GetAsync("/projects/ml-api/runs/1"));
        page.ShouldContain("Stage 1");
        page.ShouldContain("Stage 2");
        Between(page, "id=\"dag-build\"", "</li>").ShouldContain("needs scan, lint");
        Between(page, "id=\"dag-build\"", "</li>").ShouldContain("skipped");
        Between(page, "id=\"dag-scan\"", "</li>").ShouldContain("failed");
        var job = Between(page, "id=\"job-scan\"", "</section>\n");
        job.ShouldContain("bulwark/secrets-scan");
        job.ShouldContain("<td>1</td>", customMessage: "the step's exit code");
        job.ShouldContain("aws-access-key");
        job.ShouldContain("config/aws.env:3");
        job.ShouldContain("AWS key &lt;b&gt;leaked&lt;/b&gt;");
        page.ShouldNotContain("<b>leaked</b>");
        page.ShouldNotContain("cancel-run");
        page.ShouldNotContain("rerun");
        page.ShouldNotContain("http-equiv=\"refresh\"", customMessage: "a finished run's page stays still");
        run.Id.ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public async Task A_viewer_posting_the_run_forms_is_refused_and_nothing_changes()
    {
        var queued = await _server.CreateRunAsync("ml-api", Pipeline);
        using var viewer = await BrowserSession.SignInAsync(_server, "vic");
        ((int)(await viewer.PostFormAsync("/projects/ml-api/runs/1", "cancel-run")).StatusCode).ShouldBeGreaterThanOrEqualTo(400);
        ((int)(await viewer.PostFormAsync("/projects/ml-api", "trigger-run", ("Trigger.Ref", "main"))).StatusCode).ShouldBeGreaterThanOrEqualTo(400);
        await _server.WithQueueAsync(q => q.CancelAsync(queued.Id, "root", CancellationToken.None));
        ((int)(await viewer.PostFormAsync("/projects/ml-api/runs/1", "rerun")).StatusCode).ShouldBeGreaterThanOrEqualTo(400);

        var runs = await _server.WithDatabaseAsync(db => db.Runs.AsNoTracking().ToListAsync());
        runs.ShouldHaveSingleItem().CancelRequestedBy.ShouldBe("root");
        (await _server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.RunCancelled))).ShouldBe(0);
    }

    [Fact]
    public async Task A_developer_cancels_a_queued_run_and_re_runs_it_from_the_run_page()
    {
        var run = await _server.CreateRunAsync("ml-api", Pipeline);
        using var dev = await BrowserSession.SignInAsync(_server, "dev");
        var page = await ReadAsync(await dev.GetAsync("/projects/ml-api/runs/1"));
        page.ShouldContain("<meta http-equiv=\"refresh\" content=\"3\">", customMessage: "an unfinished run's page follows it");
        page.ShouldContain("Cancel run");
        page.ShouldNotContain("Re-run");

        var cancelled = await ReadAsync(await dev.PostFormAsync("/projects/ml-api/runs/1", "cancel-run"));
        cancelled.ShouldContain("Cancellation requested");
        (await _server.StateAsync(run.Id)).Run.ShouldBe(RunStatus.Cancelled);
        var audit = await _server.WithDatabaseAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.RunCancelled));
        (audit.ActorName, audit.Target).ShouldBe(("dev", "project:ml-api/run:1"));

        var rerun = await dev.PostFormAsync("/projects/ml-api/runs/1", "rerun");
        rerun.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        rerun.Headers.Location!.ToString().ShouldEndWith("/projects/ml-api/runs/2");
        var second = await _server.WithDatabaseAsync(db => db.Runs.AsNoTracking().SingleAsync(r => r.Number == 2));
        (second.TriggeredBy, second.Commit, second.Status).ShouldBe(("dev", run.Commit, RunStatus.Queued));
    }

    [Fact]
    public async Task A_developer_runs_the_pipeline_of_a_branch_from_the_project_page()
    {
        var commit = _repository.Commit("pipeline", (".bulwark.yml", Pipeline));
        using var dev = await BrowserSession.SignInAsync(_server, "dev");
        (await ReadAsync(await dev.GetAsync("/projects/ml-api"))).ShouldContain("Run pipeline");

        var refused = await ReadAsync(await dev.PostFormAsync("/projects/ml-api", "trigger-run", ("Trigger.Ref", "no-such-branch")));
        refused.ShouldContain("has no branch or tag");
        var triggered = await dev.PostFormAsync("/projects/ml-api", "trigger-run", ("Trigger.Ref", "main"), ("Trigger.Commit", ""));
        triggered.StatusCode.ShouldBe(HttpStatusCode.Redirect, await triggered.Content.ReadAsStringAsync());
        triggered.Headers.Location!.ToString().ShouldEndWith("/projects/ml-api/runs/1");
        var run = await _server.WithDatabaseAsync(db => db.Runs.AsNoTracking().SingleAsync());
        (run.Event, run.Ref, run.Commit, run.TriggeredBy).ShouldBe(("manual", "refs/heads/main", commit, "dev"));
        (await ReadAsync(await dev.GetAsync("/projects/ml-api/runs/1"))).ShouldContain(commit);
    }

    [Fact]
    public async Task The_job_log_is_text_and_is_followed_live_only_while_the_job_runs()
    {
        var run = await _server.CreateRunAsync("ml-api", Pipeline);
        var leases = await LeaseAllAsync();
        await Session(leases["lint"]).AppendLogAsync(Encoding.UTF8.GetBytes("<script>alert(1)</script>\nplain line\n"), CancellationToken.None);
        using var viewer = await BrowserSession.SignInAsync(_server, "vic");

        var running = await viewer.GetAsync("/projects/ml-api/runs/1/jobs/lint");
        var html = await ReadAsync(running);
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.ShouldNotContain("<script>alert");
        html.ShouldContain("<script src=\"/js/log-stream.js\" defer></script>");
        html.ShouldContain($"data-stream=\"/api/v1/runs/{run.Id:D}/jobs/lint/log/stream\"");
        html.ShouldContain("<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>");
        var csp = string.Join(",", running.Headers.GetValues("Content-Security-Policy"));
        csp.ShouldContain("script-src 'self'");
        csp.ShouldContain("connect-src 'self'");
        csp.ShouldContain("frame-ancestors 'none'");

        var script = await viewer.GetAsync("/js/log-stream.js");
        script.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        var code = await script.Content.ReadAsStringAsync();
        code.ShouldContain("createTextNode");
        code.ShouldNotContain("innerHTML");

        await _server.CompleteAsync(leases["lint"], "r", JobConclusion.Succeeded);
        var finished = await viewer.GetAsync("/projects/ml-api/runs/1/jobs/lint");
        var done = await ReadAsync(finished);
        done.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        done.ShouldNotContain("<script");
        done.ShouldNotContain("http-equiv=\"refresh\"");
        string.Join(",", finished.Headers.GetValues("Content-Security-Policy")).ShouldContain("script-src 'none'");
    }

    [Fact]
    public async Task The_live_stream_sends_whole_lines_when_the_runner_split_one_across_chunks()
    {
        var run = await _server.CreateRunAsync("ml-api", Pipeline);
        var leases = await LeaseAllAsync();
        var lint = Session(leases["lint"]);
        await lint.AppendLogAsync("epoch 1 los"u8.ToArray(), CancellationToken.None);
        using var viewer = _server.Client(await _server.CreateTokenAsync("root"));
        using var response = await viewer.GetAsync($"/api/v1/runs/{run.Id:D}/jobs/lint/log/stream", HttpCompletionOption.ResponseHeadersRead);
        var reading = new StreamReader(await response.Content.ReadAsStreamAsync()).ReadToEndAsync();

        await Task.Delay(600);
        await lint.AppendLogAsync("s 0.5\nepoch 2 lo"u8.ToArray(), CancellationToken.None);
        await Task.Delay(600);
        await lint.AppendLogAsync("ss 0.4\n"u8.ToArray(), CancellationToken.None);
        await _server.CompleteAsync(leases["lint"], "r", JobConclusion.Succeeded);
        var events = await reading.WaitAsync(TimeSpan.FromSeconds(30));

        var lines = events.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).ToList();
        lines.ShouldBe(["data: epoch 1 loss 0.5", "data: epoch 2 loss 0.4", "data: succeeded"], events);
    }

    [Fact]
    public async Task A_successful_run_lists_its_artifacts_with_digests_and_links_its_provenance()
    {
        var run = await _server.CreateRunAsync("ml-api", "on: { manual: {} }\njobs:\n  train: { steps: [ { run: make } ] }\n");
        var lease = (await _server.LeaseAsync("r")).ShouldNotBeNull();
        var content = Encoding.UTF8.GetBytes("weights");
        var digest = Convert.ToHexStringLower(SHA256.HashData(content));
        await Session(lease).UploadArtifactAsync("out/model weights.bin", digest, content.Length, new MemoryStream(content), CancellationToken.None);
        await _server.CompleteAsync(lease, "r", JobConclusion.Succeeded);

        using var viewer = await BrowserSession.SignInAsync(_server, "vic");
        var page = await ReadAsync(await viewer.GetAsync("/projects/ml-api/runs/1"));
        page.ShouldContain("out/model weights.bin");
        page.ShouldContain(digest);
        var link = $"/api/v1/runs/{run.Id:D}/artifacts/train/out/model%20weights.bin";
        page.ShouldContain($"href=\"{link}\"");
        (await (await viewer.GetAsync(link)).Content.ReadAsByteArrayAsync()).ShouldBe(content);
        var provenance = await _server.WithDatabaseAsync(db => db.Runs.Where(r => r.Id == run.Id).Select(r => r.ProvenanceSha256).SingleAsync());
        page.ShouldContain(provenance.ShouldNotBeNull());
        page.ShouldContain($"href=\"/api/v1/runs/{run.Id:D}/provenance\"");
        (await viewer.GetAsync($"/api/v1/runs/{run.Id:D}/provenance")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Run_pages_need_the_viewer_role_and_unknown_runs_and_jobs_answer_not_found()
    {
        await _server.CreateRunAsync("ml-api", Pipeline);
        using var outsider = await BrowserSession.SignInAsync(_server, "outsider");
        foreach (var path in new[] { "/projects/ml-api/runs/1", "/projects/ml-api/runs/1/jobs/lint" })
        {
            var refused = await outsider.GetAsync(path);
            refused.StatusCode.ShouldNotBe(HttpStatusCode.OK);
            (await refused.Content.ReadAsStringAsync()).ShouldNotContain("lint");
        }
        using var viewer = await BrowserSession.SignInAsync(_server, "vic");
        (await viewer.GetAsync("/projects/ml-api/runs/7")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viewer.GetAsync("/projects/ml-api/runs/1/jobs/deploy")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viewer.GetAsync("/projects/ml-api/runs/1/jobs/lint")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<Dictionary<string, JobLease>> LeaseAllAsync()
    {
        var leases = new Dictionary<string, JobLease>();
        while (await _server.LeaseAsync("r") is { } lease)
        {
            leases[lease.Job] = lease;
        }
        return leases;
    }

    private DatabaseJobSession Session(JobLease lease) =>
        new(_server.Services.GetRequiredService<IServiceScopeFactory>(), lease.JobId, TimeProvider.System);

    private static async Task<string> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.Length > 2000 ? body[..2000] : body);
        return body;
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        from.ShouldBeGreaterThanOrEqualTo(0, $"'{start}' not found");
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return to < 0 ? text[from..] : text[from..to];
    }
}

public sealed class SqliteRunPagesTests() : RunPagesTests(Provider.Sqlite);

public sealed class PostgresRunPagesTests() : RunPagesTests(Provider.Postgres);
