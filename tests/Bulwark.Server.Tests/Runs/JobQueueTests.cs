using Bulwark.Runner.Jobs;
using Bulwark.Server.Runs;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Bulwark.Server.Tests.Runs;

/// <summary>The durable queue against each real database: DAG order, one lease per job, lost runners, cancellation, concurrency groups, labels.</summary>
public abstract class JobQueueTests(Provider provider) : IAsyncLifetime
{
    private const string Dag = """
        on: { push: { branches: [main] }, manual: {} }
        jobs:
          build: { steps: [ { run: make } ] }
          test: { needs: [build], steps: [ { run: make test } ] }
          publish: { needs: [test], steps: [ { run: make publish } ] }
          release: { if: "event == 'tag'", steps: [ { run: echo tag } ] }
        """;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider, time: _time);
        await _server.CreateUserAsync("root", isAdmin: true);
        using var admin = _server.Client(await _server.CreateTokenAsync("root"));
        await admin.CreateProjectAsync("ml-api");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Jobs_run_in_dependency_order_and_a_false_condition_skips_a_job()
    {
        var run = await _server.CreateRunAsync("ml-api", Dag);
        var (status, jobs) = await _server.StateAsync(run.Id);
        status.ShouldBe(RunStatus.Queued);
        jobs.ShouldBe(new Dictionary<string, JobStatus>
        {
            ["build"] = JobStatus.Queued, ["test"] = JobStatus.Pending, ["publish"] = JobStatus.Pending, ["release"] = JobStatus.Skipped,
        }, ignoreOrder: true);

        var build = (await _server.LeaseAsync("r1")).ShouldNotBeNull();
        build.Job.ShouldBe("build");
        (await _server.LeaseAsync("r2")).ShouldBeNull("test waits for build");
        (await _server.StateAsync(run.Id)).Run.ShouldBe(RunStatus.Running);

        (await _server.CompleteAsync(build, "r1", JobConclusion.Succeeded)).ShouldBeTrue();
        var test = (await _server.LeaseAsync("r2")).ShouldNotBeNull();
        test.Job.ShouldBe("test");
        (await _server.CompleteAsync(test, "r2", JobConclusion.Succeeded)).ShouldBeTrue();
        var publish = (await _server.LeaseAsync("r1")).ShouldNotBeNull();
        (await _server.CompleteAsync(publish, "r1", JobConclusion.Succeeded)).ShouldBeTrue();

        (await _server.StateAsync(run.Id)).Run.ShouldBe(RunStatus.Succeeded);
    }

    [Fact]
    public async Task A_failed_job_skips_everything_that_needs_it_and_fails_the_run()
    {
        var run = await _server.CreateRunAsync("ml-api", Dag);
        var build = (await _server.LeaseAsync("r1"))!;
        await _server.CompleteAsync(build, "r1", JobConclusion.Failed);

        var (status, jobs) = await _server.StateAsync(run.Id);
        status.ShouldBe(RunStatus.Failed);
        jobs["test"].ShouldBe(JobStatus.Skipped);
        jobs["publish"].ShouldBe(JobStatus.Skipped);
        (await _server.LeaseAsync("r1")).ShouldBeNull();
    }

    [Fact]
    public async Task Many_runners_leasing_at_once_get_each_job_exactly_once()
    {
        var definition = "on: { manual: {} }\njobs:\n" + string.Concat(Enumerable.Range(1, 30).Select(i => $"  j{i}: {{ steps: [ {{ run: echo {i} }} ] }}\n"));
        await _server.CreateRunAsync("ml-api", definition);
        await _server.CreateRunAsync("ml-api", definition);

        var leased = await Task.WhenAll(Enumerable.Range(1, 6).Select(r => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            while (await _server.LeaseAsync($"runner-{r}") is { } lease)
            {
                mine.Add(lease.JobId);
            }
            return mine;
        })));

        var all = leased.SelectMany(l => l).ToList();
        all.Count.ShouldBe(60);
        all.Distinct().Count().ShouldBe(60, "no job was handed out twice");
    }

    [Fact]
    public async Task A_lost_runner_s_job_is_queued_again_once_then_fails()
    {
        var run = await _server.CreateRunAsync("ml-api", "on: { manual: {} }\njobs:\n  train: { steps: [ { run: python train.py } ] }\n");
        var first = (await _server.LeaseAsync("r1"))!;
        await ExpireAsync();
        (await _server.StateAsync(run.Id)).Jobs["train"].ShouldBe(JobStatus.Queued);
        (await _server.CompleteAsync(first, "r1", JobConclusion.Succeeded)).ShouldBeFalse("r1 no longer holds the job");

        var second = (await _server.LeaseAsync("r2"))!;
        second.Attempt.ShouldBe(2);
        (await _server.WithQueueAsync(q => q.RenewAsync(second.JobId, "r2", CancellationToken.None))).ShouldBe(LeaseState.Held);
        await ExpireAsync();

        var (status, jobs) = await _server.StateAsync(run.Id);
        jobs["train"].ShouldBe(JobStatus.Failed);
        status.ShouldBe(RunStatus.Failed);
        (await _server.WithQueueAsync(q => q.RenewAsync(second.JobId, "r2", CancellationToken.None))).ShouldBe(LeaseState.Lost);
    }

    /// <summary>Lets every lease run out. The server's own sweeper may take them back first; either way they are expired after this.</summary>
    private async Task ExpireAsync()
    {
        _time.Advance(JobQueue.LeaseDuration + TimeSpan.FromSeconds(1));
        await _server.WithQueueAsync(q => q.ExpireLeasesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_stops_waiting_jobs_at_once_and_tells_the_running_one_at_its_next_heartbeat()
    {
        var run = await _server.CreateRunAsync("ml-api", Dag);
        var build = (await _server.LeaseAsync("r1"))!;
        (await _server.WithQueueAsync(q => q.CancelAsync(run.Id, "alice", CancellationToken.None))).ShouldBeTrue();

        var (status, jobs) = await _server.StateAsync(run.Id);
        status.ShouldBe(RunStatus.Running);
        jobs["test"].ShouldBe(JobStatus.Cancelled);
        (await _server.WithQueueAsync(q => q.RenewAsync(build.JobId, "r1", CancellationToken.None))).ShouldBe(LeaseState.CancelRequested);

        await _server.CompleteAsync(build, "r1", JobConclusion.Cancelled);
        (await _server.StateAsync(run.Id)).Run.ShouldBe(RunStatus.Cancelled);
        (await _server.WithQueueAsync(q => q.CancelAsync(run.Id, "alice", CancellationToken.None))).ShouldBeFalse("already finished");
    }

    [Fact]
    public async Task Only_one_job_per_environment_runs_at_a_time()
    {
        const string deploy = "on: { manual: {} }\njobs:\n  deploy: { environment: production, steps: [ { run: ./deploy } ] }\n";
        await _server.CreateRunAsync("ml-api", deploy);
        await _server.CreateRunAsync("ml-api", deploy);

        var first = (await _server.LeaseAsync("r1")).ShouldNotBeNull();
        (await _server.LeaseAsync("r2")).ShouldBeNull("production is busy");
        await _server.CompleteAsync(first, "r1", JobConclusion.Succeeded);
        (await _server.LeaseAsync("r2")).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_job_waits_for_a_runner_with_all_its_labels()
    {
        await _server.CreateRunAsync("ml-api", "on: { manual: {} }\njobs:\n  train: { runs-on: [linux, gpu], steps: [ { run: nvidia-smi } ] }\n");
        (await _server.LeaseAsync("cpu", "linux", "embedded")).ShouldBeNull();
        (await _server.LeaseAsync("gpu", "linux", "gpu", "x64")).ShouldNotBeNull();
    }

    [Fact]
    public async Task Many_older_jobs_waiting_for_a_missing_label_do_not_hide_a_ready_one()
    {
        const string gpuJobs = "on: { manual: {} }\njobs:\n  a: { runs-on: [gpu], steps: [ { run: x } ] }\n  b: { runs-on: [gpu], steps: [ { run: x } ] }\n  c: { runs-on: [gpu], steps: [ { run: x } ] }\n  d: { runs-on: [gpu], steps: [ { run: x } ] }\n";
        for (var i = 0; i < 20; i++)
        {
            await _server.CreateRunAsync("ml-api", gpuJobs);
        }
        await _server.CreateRunAsync("ml-api", "on: { manual: {} }\njobs:\n  lint: { steps: [ { run: ruff check } ] }\n");

        var lease = (await _server.LeaseAsync("cpu", "linux")).ShouldNotBeNull("80 queued gpu jobs are older than the lint job");
        lease.Job.ShouldBe("lint");
    }
}

public sealed class SqliteJobQueueTests() : JobQueueTests(Provider.Sqlite);

public sealed class PostgresJobQueueTests() : JobQueueTests(Provider.Postgres);
