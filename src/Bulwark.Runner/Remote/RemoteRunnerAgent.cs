using System.Net;
using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Remote;

/// <summary>How a remote runner ended: asked to stop, or refused by the server (disabled or unknown credential).</summary>
internal enum RemoteRunnerExit
{
    Stopped,
    Refused,
}

/// <summary>
/// The loop of <c>bulwark runner</c>: <see cref="RemoteRunnerOptions.Concurrency"/> slots, each long-polling the server
/// for a job, running it (the spec from the lease, the secret values fetched with the job's token), renewing the lease
/// while it runs and reporting the result. A heartbeat answered "cancel" cancels the job; "lost" (or a refused token)
/// abandons it without a result. When the server is unreachable the slots back off (exponentially, with jitter). When
/// <c>stop</c> fires no new job is taken; running jobs get <see cref="RemoteRunnerOptions.DrainTimeout"/> to finish and
/// are then cancelled and handed back to the queue. Status lines go to <c>report</c> (never a secret).
/// </summary>
internal sealed class RemoteRunnerAgent(
    RunnerClient client,
    string credential,
    RemoteRunnerOptions options,
    Func<JobSpec, IJobSession, CancellationToken, Task<JobResult>> execute,
    TimeProvider time,
    Action<string> report)
{
    private readonly RemoteRunnerOptions _options = options.Validate();

    public async Task<RemoteRunnerExit> RunAsync(CancellationToken stop)
    {
        using var leasing = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var abort = new CancellationTokenSource();
        using var finished = new CancellationTokenSource();
        var refused = false;
        using var drain = stop.Register(() => _ = AbortAfterDrainAsync(abort, finished.Token));
        var slots = Enumerable.Range(1, _options.Concurrency).Select(slot => Task.Run(async () =>
        {
            if (!await SlotAsync(slot, leasing.Token, abort.Token))
            {
                refused = true;
                await leasing.CancelAsync();
            }
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(slots);
        await finished.CancelAsync();
        return refused ? RemoteRunnerExit.Refused : RemoteRunnerExit.Stopped;
    }

    private async Task AbortAfterDrainAsync(CancellationTokenSource abort, CancellationToken finished)
    {
        try
        {
            await Task.Delay(_options.DrainTimeout, time, finished);
            report($"jobs still running after {_options.DrainTimeout.TotalSeconds:0} s: cancelling them and handing them back");
            await abort.CancelAsync();
        }
        catch (OperationCanceledException)
        {
            // Everything finished in time.
        }
    }

    /// <summary>Serves jobs until leasing stops; false when the server refused the runner's credential.</summary>
    private async Task<bool> SlotAsync(int slot, CancellationToken leasing, CancellationToken abort)
    {
        var backoff = new Backoff(_options.MinBackoff, _options.MaxBackoff);
        while (!leasing.IsCancellationRequested)
        {
            LeasedJob? job;
            try
            {
                job = await client.LeaseAsync(credential, _options.LeaseWaitSeconds, leasing);
                backoff.Reset();
            }
            catch (OperationCanceledException) when (leasing.IsCancellationRequested)
            {
                break;
            }
            catch (RunnerRequestRefusedException ex) when (ex.Status == HttpStatusCode.Unauthorized)
            {
                report($"the server refused this runner's credential (disabled or removed): {ex.Message}");
                return false;
            }
            catch (Exception ex) when (ex is RunnerServerUnavailableException or RunnerRequestRefusedException)
            {
                var wait = backoff.Next();
                report($"slot {slot}: {ex.Message}; trying again in {wait.TotalSeconds:0.#} s");
                await DelayAsync(wait, leasing);
                continue;
            }
            if (job is not null)
            {
                await RunJobAsync(slot, job, abort);
            }
        }
        return true;
    }

    private async Task RunJobAsync(int slot, LeasedJob job, CancellationToken abort)
    {
        report($"slot {slot}: job {job.Job} of run {job.RunId} (attempt {job.Attempt}) started");
        var session = new RemoteJobSession(client, job.JobId, job.JobToken, time);
        using var jobCancel = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var lease = new LeaseWatch();
        var beating = HeartbeatAsync(session, TimeSpan.FromSeconds(Math.Clamp(job.HeartbeatSeconds, 1, 60)), lease, jobCancel);
        JobResult? result = null;
        try
        {
            var spec = job.Spec;
            if (job.SecretNames.Count > 0)
            {
                spec = spec with { Secrets = await session.SecretsAsync(jobCancel.Token) };
            }
            result = await execute(spec, session, jobCancel.Token);
        }
        catch (Exception ex) when (ex is JobLeaseLostException || ex.InnerException is JobLeaseLostException)
        {
            lease.Lost = true;
        }
        catch (OperationCanceledException) when (jobCancel.IsCancellationRequested)
        {
            result = new JobResult(JobConclusion.Cancelled, "the job was cancelled");
        }
        catch (Exception ex)
        {
            // The job could not talk to the server (its log, steps or secrets), or the runner failed: the outcome is unknown, so it failed.
            var cause = ex.InnerException is RunnerServerUnavailableException or RunnerRequestRefusedException ? ex.InnerException : ex;
            result = new JobResult(JobConclusion.Failed, "the runner could not finish the job: " + cause.Message);
        }
        await jobCancel.CancelAsync();
        await beating;
        if (lease.Lost)
        {
            report($"slot {slot}: job {job.Job} of run {job.RunId} is no longer this runner's (lease lost); its result is dropped");
            return;
        }
        if (abort.IsCancellationRequested && !lease.CancelRequested)
        {
            var handedBack = await WithinRetryWindowAsync(() => session.ReleaseAsync(CancellationToken.None));
            report($"slot {slot}: job {job.Job} of run {job.RunId} {(handedBack ? "handed back to the queue" : "could not be handed back")}");
            return;
        }
        var completed = await WithinRetryWindowAsync(() => session.CompleteAsync(result!, CancellationToken.None));
        report($"slot {slot}: job {job.Job} of run {job.RunId} {(completed ? result!.Conclusion.ToString().ToLowerInvariant() : "ended, but the server no longer held it for this runner")}");
    }

    /// <summary>Renews the lease every <paramref name="interval"/> until the job ends; stops the job on "cancel" and "lost".</summary>
    private async Task HeartbeatAsync(RemoteJobSession session, TimeSpan interval, LeaseWatch lease, CancellationTokenSource job)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(job.Token))
            {
                string state;
                try
                {
                    state = await session.HeartbeatAsync(job.Token);
                }
                catch (Exception ex) when (ex is RunnerServerUnavailableException or RunnerRequestRefusedException)
                {
                    // The lease outlasts a few missed beats; if it is gone, the next answer says so.
                    report($"heartbeat for job {session.JobId} failed: {ex.Message}");
                    continue;
                }
                if (state == RunnerProtocol.HeartbeatHeld)
                {
                    continue;
                }
                lease.Lost = state != RunnerProtocol.HeartbeatCancel;
                lease.CancelRequested = state == RunnerProtocol.HeartbeatCancel;
                await job.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended.
        }
    }

    /// <summary>Retries a final report through an outage for up to <see cref="RemoteRunnerOptions.ResultRetryWindow"/>; false when it could not be made.</summary>
    private async Task<bool> WithinRetryWindowAsync(Func<Task<bool>> call)
    {
        var started = time.GetTimestamp();
        var backoff = new Backoff(_options.MinBackoff, _options.MaxBackoff);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (ex is RunnerServerUnavailableException or RunnerRequestRefusedException)
            {
                var wait = backoff.Next();
                if (ex is RunnerRequestRefusedException || time.GetElapsedTime(started) + wait > _options.ResultRetryWindow)
                {
                    report($"giving up reporting to the server: {ex.Message}");
                    return false;
                }
                await DelayAsync(wait, CancellationToken.None);
            }
        }
    }

    private async Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(wait, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private sealed class LeaseWatch
    {
        public volatile bool Lost;
        public volatile bool CancelRequested;
    }
}
