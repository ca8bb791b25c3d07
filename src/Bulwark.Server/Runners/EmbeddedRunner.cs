using Bulwark.Runner.Jobs;
using Bulwark.Server.Configuration;
using Bulwark.Server.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Runners;

/// <summary>
/// The runner inside <c>bulwark server</c>: <see cref="ServerOptions.EmbeddedRunners"/> slots, each leasing a job,
/// running it in a sandbox, renewing the lease while it runs and recording the result. A job cut off by the server
/// stopping is left leased; when the server starts again its slots hand such jobs back to the queue at once.
/// </summary>
internal sealed partial class EmbeddedRunner(
    IServiceScopeFactory scopes, JobSignal signal, ServerOptions options, JobExecution execution, TimeProvider time, ILogger<EmbeddedRunner> logger)
    : BackgroundService
{
    /// <summary>Labels every embedded runner has; jobs with other <c>runs-on</c> labels wait for a remote runner.</summary>
    public static readonly IReadOnlyList<string> Labels = ["embedded", "linux", "self-hosted"];

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.EmbeddedRunners == 0)
        {
            return;
        }
        var slots = Enumerable.Range(1, options.EmbeddedRunners)
            .Select(i => Task.Run(() => RunSlotAsync($"embedded@{Environment.MachineName}#{i}", stoppingToken), stoppingToken));
        await Task.WhenAll(slots);
    }

    private async Task RunSlotAsync(string runnerId, CancellationToken stoppingToken)
    {
        await WithQueueAsync(q => q.ReleaseRunnerAsync(runnerId, stoppingToken));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wake = signal.Next;
                var lease = await WithQueueAsync(q => q.LeaseAsync(runnerId, Labels, stoppingToken));
                if (lease is null)
                {
                    await wake.WaitAsync(PollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                    continue;
                }
                await RunLeasedAsync(runnerId, lease, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unavailable; the slot keeps serving once it is back.
                LogSlotError(logger, runnerId, ex);
                await Task.Delay(PollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task RunLeasedAsync(string runnerId, JobLease lease, CancellationToken stoppingToken)
    {
        using var jobCancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var lost = false;
        using var heartbeat = new PeriodicTimer(HeartbeatInterval, time);
        var beating = Task.Run(async () =>
        {
            while (await heartbeat.WaitForNextTickAsync(jobCancel.Token))
            {
                var state = await WithQueueAsync(q => q.RenewAsync(lease.JobId, runnerId, jobCancel.Token));
                if (state != LeaseState.Held)
                {
                    lost = state == LeaseState.Lost;
                    await jobCancel.CancelAsync();
                }
            }
        }, CancellationToken.None);

        JobResult result;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var (spec, problem) = await scope.ServiceProvider.GetRequiredService<JobDispatch>().PrepareAsync(lease, stoppingToken);
            var session = new DatabaseJobSession(scopes, lease.JobId, time);
            result = spec is null
                ? new JobResult(JobConclusion.Failed, problem)
                : await execution.RunAsync(spec, session, jobCancel.Token);
        }
        await jobCancel.CancelAsync();
        await beating.ContinueWith(_ => { }, TaskScheduler.Default);
        if (stoppingToken.IsCancellationRequested || lost)
        {
            // Stopping: the job is handed back at the next start. Lost: someone else owns it now.
            return;
        }
        await WithQueueAsync(q => q.CompleteAsync(lease.JobId, runnerId, result, CancellationToken.None));
    }

    private async Task<T> WithQueueAsync<T>(Func<JobQueue, Task<T>> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<JobQueue>());
    }

    private async Task WithQueueAsync(Func<JobQueue, Task> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<JobQueue>());
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "embedded runner {Runner} failed; retrying")]
    private static partial void LogSlotError(ILogger logger, string runner, Exception error);
}

/// <summary>Runs one job to its end (the runner library's job runner, with this server's sandbox and checkout).</summary>
internal sealed class JobExecution(Func<JobSpec, IJobSession, CancellationToken, Task<JobResult>> run)
{
    public Task<JobResult> RunAsync(JobSpec spec, IJobSession session, CancellationToken cancellationToken) => run(spec, session, cancellationToken);
}
