using Bulwark.Runner.Jobs;
using Bulwark.Server.Artifacts;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Runs;

/// <summary>
/// The durable queue: jobs are rows, a lease is a conditional update (only one runner can move a job from queued to
/// running), and every state change of a run goes through <see cref="RunProgress"/> under the run's version check.
/// On PostgreSQL candidates are read with <c>FOR UPDATE SKIP LOCKED</c>, so several server instances share the
/// queue without handing one job out twice or waiting on each other's locks.
/// </summary>
internal sealed partial class JobQueue(BulwarkDbContext db, TimeProvider time, JobSignal signal, JobLogStore logs, RunProvenance provenance, ILogger<JobQueue> logger)
{
    /// <summary>A runner that misses heartbeats this long has lost its job.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(45);

    /// <summary>A job whose runner was lost is leased at most this many times before it fails.</summary>
    public const int MaxAttempts = 2;

    private const int CandidateBatch = 32;

    /// <summary>
    /// How many batches of queued jobs one lease looks through, oldest first: jobs that wait for labels no runner has,
    /// or for their concurrency group, must not hide the ready jobs queued after them.
    /// </summary>
    private const int MaxCandidateBatches = 32;

    /// <summary>Leases the oldest ready job this runner can run (its labels cover the job's <c>runs-on</c>), or returns null.</summary>
    public async Task<JobLease?> LeaseAsync(string runnerId, IReadOnlyCollection<string> runnerLabels, CancellationToken cancellationToken)
    {
        await using var transaction = db is PostgresBulwarkDbContext ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        for (var batch = 0; batch < MaxCandidateBatches; batch++)
        {
            var skip = batch * CandidateBatch;
            var candidates = db is PostgresBulwarkDbContext
                ? await db.RunJobs.FromSql($"""SELECT * FROM "RunJobs" WHERE "Status" = 'Queued' ORDER BY "QueuedAt", "Id" LIMIT {CandidateBatch} OFFSET {skip} FOR UPDATE SKIP LOCKED""")
                    .AsNoTracking().ToListAsync(cancellationToken)
                : await db.RunJobs.AsNoTracking().Where(j => j.Status == JobStatus.Queued)
                    .OrderBy(j => j.QueuedAt).ThenBy(j => j.Id).Skip(skip).Take(CandidateBatch).ToListAsync(cancellationToken);
            foreach (var candidate in candidates.Where(c => c.LabelList.All(l => runnerLabels.Contains(l, StringComparer.Ordinal))))
            {
                if (await TryClaimAsync(candidate, runnerId, cancellationToken) is { } lease)
                {
                    if (transaction is not null)
                    {
                        await transaction.CommitAsync(cancellationToken);
                    }
                    return lease;
                }
            }
            if (candidates.Count < CandidateBatch)
            {
                break;
            }
        }
        return null;
    }

    private async Task<JobLease?> TryClaimAsync(RunJob candidate, string runnerId, CancellationToken cancellationToken)
    {
        var group = candidate.ConcurrencyGroup;
        if (group is not null && db is PostgresBulwarkDbContext)
        {
            // The NOT EXISTS below is one statement, which is atomic on SQLite; on PostgreSQL two instances could each
            // see the group free, so the group's check-and-claim is serialised by an advisory lock.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({group}))", cancellationToken);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var expires = now + LeaseDuration;
        var id = candidate.Id;
        var claimed = await db.RunJobs
            .Where(j => j.Id == id && j.Status == JobStatus.Queued)
            .Where(j => group == null || !db.RunJobs.Any(o => o.ConcurrencyGroup == group && o.Status == JobStatus.Running))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Running)
                .SetProperty(j => j.LeasedBy, runnerId)
                .SetProperty(j => j.LeaseExpiresAt, expires)
                .SetProperty(j => j.Attempt, j => j.Attempt + 1)
                .SetProperty(j => j.StartedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return null;
        }
        await db.Runs.Where(r => r.Id == candidate.RunId && r.Status == RunStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Running)
                .SetProperty(r => r.StartedAt, now)
                .SetProperty(r => r.Version, r => r.Version + 1), cancellationToken);
        return new JobLease(candidate.Id, candidate.RunId, candidate.Name, candidate.Attempt + 1, expires);
    }

    /// <summary>Extends the lease; tells the runner to stop when the run is being cancelled or the job was taken from it.</summary>
    public async Task<LeaseState> RenewAsync(Guid jobId, string runnerId, CancellationToken cancellationToken)
    {
        var expires = time.GetUtcNow().UtcDateTime + LeaseDuration;
        var renewed = await db.RunJobs.Where(j => j.Id == jobId && j.Status == JobStatus.Running && j.LeasedBy == runnerId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, expires), cancellationToken);
        if (renewed == 0)
        {
            return LeaseState.Lost;
        }
        var cancelled = await db.RunJobs.Where(j => j.Id == jobId).AnyAsync(j => j.Run!.CancelRequestedAt != null, cancellationToken);
        return cancelled ? LeaseState.CancelRequested : LeaseState.Held;
    }

    /// <summary>
    /// Mints the per-job token of a remote runner's lease: only its SHA-256 is stored, replacing any earlier one, so a
    /// token of an earlier lease of the same job stops working. Null when the runner no longer holds the job.
    /// </summary>
    public async Task<string?> IssueJobTokenAsync(Guid jobId, string runnerId, DateTime expiresAt, CancellationToken cancellationToken)
    {
        var (token, hash) = Runners.RunnerSecrets.IssueJobToken();
        var issued = await db.RunJobs.Where(j => j.Id == jobId && j.Status == JobStatus.Running && j.LeasedBy == runnerId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.JobTokenHash, hash)
                .SetProperty(j => j.JobTokenExpiresAt, expiresAt), cancellationToken);
        return issued == 0 ? null : token;
    }

    /// <summary>
    /// A runner that stops before its job ends gives the job back: it is queued again at once, and the attempt does not
    /// count against <see cref="MaxAttempts"/> (the runner chose to stop; the job did not fail). False when it no
    /// longer held the job.
    /// </summary>
    public async Task<bool> HandBackAsync(Guid jobId, string runnerId, CancellationToken cancellationToken)
    {
        var requeued = false;
        var handedBack = await UpdateRunAsync(jobId, (run, job, now) =>
        {
            if (job.Status != JobStatus.Running || job.LeasedBy != runnerId)
            {
                return false;
            }
            Release(job, now);
            requeued = run.CancelRequestedAt is null;
            if (requeued)
            {
                (job.Status, job.QueuedAt, job.FinishedAt, job.StartedAt) = (JobStatus.Queued, now, null, null);
                job.Attempt = Math.Max(0, job.Attempt - 1);
                job.Reason = $"runner {runnerId} stopped and handed the job back; it was queued again";
            }
            else
            {
                (job.Status, job.Reason) = (JobStatus.Cancelled, $"cancelled by {run.CancelRequestedBy}");
            }
            return true;
        }, cancellationToken);
        if (handedBack)
        {
            await logs.AppendLineAsync(jobId, requeued ? "⚠ the runner stopped and handed the job back; it is queued again" : "⚠ the runner stopped; the job was cancelled", cancellationToken);
            if (!requeued)
            {
                await logs.ArchiveAsync(jobId, cancellationToken);
            }
        }
        return handedBack;
    }

    /// <summary>Records how the job ended and moves the run on. False when the runner no longer held the lease (its result is dropped).</summary>
    public async Task<bool> CompleteAsync(Guid jobId, string runnerId, JobResult result, CancellationToken cancellationToken)
    {
        if (result.Conclusion == JobConclusion.Succeeded && await CompletesRunAsync(jobId, runnerId, cancellationToken))
        {
            // Signed before the run shows "succeeded", so whoever sees that status can fetch the provenance.
            await SignProvenanceAsync(jobId, requireSucceeded: false, cancellationToken);
        }
        var finished = await UpdateRunAsync(jobId, (run, job, now) =>
        {
            if (job.Status != JobStatus.Running || job.LeasedBy != runnerId)
            {
                return false;
            }
            job.Status = result.Conclusion switch
            {
                JobConclusion.Succeeded => JobStatus.Succeeded,
                JobConclusion.Cancelled => JobStatus.Cancelled,
                _ => JobStatus.Failed,
            };
            job.Reason = result.Reason;
            Release(job, now);
            return true;
        }, cancellationToken);
        if (finished)
        {
            await logs.ArchiveAsync(jobId, cancellationToken);
            // Two last jobs finishing together each saw the other still running: the run is signed here instead.
            await SignProvenanceAsync(jobId, requireSucceeded: true, cancellationToken);
        }
        return finished;
    }

    /// <summary>Whether this job, succeeding, is the last one of a run that then succeeds (every other job succeeded or was skipped).</summary>
    private async Task<bool> CompletesRunAsync(Guid jobId, string runnerId, CancellationToken cancellationToken)
    {
        var job = await db.RunJobs.AsNoTracking().Where(j => j.Id == jobId)
            .Select(j => new { j.RunId, j.Status, j.LeasedBy, Cancelled = j.Run!.CancelRequestedAt != null }).FirstOrDefaultAsync(cancellationToken);
        if (job is null || job.Status != JobStatus.Running || job.LeasedBy != runnerId || job.Cancelled)
        {
            return false;
        }
        return !await db.RunJobs.AnyAsync(j => j.RunId == job.RunId && j.Id != jobId && j.Status != JobStatus.Succeeded && j.Status != JobStatus.Skipped, cancellationToken);
    }

    /// <summary>
    /// Signs the provenance of the run's artifacts (once; nothing without artifacts). A failure to sign is logged and
    /// leaves the run without provenance (its download says so); it does not turn a good build into a failed one.
    /// </summary>
    private async Task SignProvenanceAsync(Guid jobId, bool requireSucceeded, CancellationToken cancellationToken)
    {
        var run = await db.RunJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => new { j.RunId, j.Run!.Status }).FirstAsync(cancellationToken);
        if (requireSucceeded && run.Status != RunStatus.Succeeded)
        {
            return;
        }
        try
        {
            await provenance.WriteAsync(run.RunId, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            LogProvenanceFailed(logger, run.RunId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "could not sign the provenance of run {RunId}")]
    private static partial void LogProvenanceFailed(ILogger logger, Guid runId, Exception error);

    /// <summary>
    /// Takes expired leases back: the job is queued again while it has attempts left, otherwise it fails.
    /// Returns how many leases expired. Every server instance runs this periodically; the updates are idempotent.
    /// </summary>
    public async Task<int> ExpireLeasesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var expired = await db.RunJobs.AsNoTracking()
            .Where(j => j.Status == JobStatus.Running && j.LeaseExpiresAt < now)
            .Select(j => j.Id).Take(100).ToListAsync(cancellationToken);
        var count = 0;
        foreach (var jobId in expired)
        {
            var requeued = false;
            var changed = await UpdateRunAsync(jobId, (run, job, at) =>
            {
                if (job.Status != JobStatus.Running || job.LeaseExpiresAt >= at)
                {
                    return false;
                }
                var runner = job.LeasedBy;
                Release(job, at);
                if (job.Attempt < MaxAttempts && run.CancelRequestedAt is null)
                {
                    (job.Status, job.QueuedAt, job.FinishedAt, job.StartedAt) = (JobStatus.Queued, at, null, null);
                    job.Reason = $"runner {runner} stopped answering; the job was queued again";
                    requeued = true;
                }
                else
                {
                    job.Status = JobStatus.Failed;
                    job.Reason = $"runner {runner} stopped answering (attempt {job.Attempt} of {MaxAttempts})";
                }
                return true;
            }, cancellationToken);
            if (changed)
            {
                count++;
                await logs.AppendLineAsync(jobId, requeued ? "⚠ the runner was lost; the job is queued again" : "⚠ the runner was lost; the job failed", cancellationToken);
                if (!requeued)
                {
                    await logs.ArchiveAsync(jobId, cancellationToken);
                }
            }
        }
        return count;
    }

    /// <summary>Gives back the jobs a runner held when it stopped (an embedded runner does this when the server starts again).</summary>
    public async Task ReleaseRunnerAsync(string runnerId, CancellationToken cancellationToken)
    {
        var past = time.GetUtcNow().UtcDateTime.AddSeconds(-1);
        await db.RunJobs.Where(j => j.Status == JobStatus.Running && j.LeasedBy == runnerId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, past), cancellationToken);
        await ExpireLeasesAsync(cancellationToken);
    }

    /// <summary>Asks the run to stop: waiting jobs are cancelled now, running ones when their runner next checks in.</summary>
    public async Task<bool> CancelAsync(Guid runId, string actor, CancellationToken cancellationToken)
    {
        var firstJob = await db.RunJobs.Where(j => j.RunId == runId).Select(j => (Guid?)j.Id).FirstOrDefaultAsync(cancellationToken);
        if (firstJob is not { } jobId)
        {
            return await db.Runs.Where(r => r.Id == runId && r.CancelRequestedAt == null && r.FinishedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Cancelled), cancellationToken) > 0;
        }
        return await UpdateRunAsync(jobId, (run, _, now) =>
        {
            if (run.FinishedAt is not null || run.CancelRequestedAt is not null)
            {
                return false;
            }
            (run.CancelRequestedAt, run.CancelRequestedBy) = (now, actor);
            foreach (var job in run.Jobs.Where(j => j.Status is JobStatus.Pending or JobStatus.Queued))
            {
                (job.Status, job.FinishedAt, job.Reason) = (JobStatus.Cancelled, now, $"cancelled by {actor}");
            }
            return true;
        }, cancellationToken);
    }

    private static void Release(RunJob job, DateTime now)
    {
        job.FinishedAt = now;
        job.LeasedBy = null;
        job.LeaseExpiresAt = null;
        job.JobTokenHash = null;
        job.JobTokenExpiresAt = null;
    }

    /// <summary>
    /// Loads the job's run with all its jobs, applies <paramref name="change"/>, recomputes the DAG and the run's
    /// status, and saves; a concurrent change to the same run (version check) makes it start over on fresh data.
    /// </summary>
    private async Task<bool> UpdateRunAsync(Guid jobId, Func<PipelineRun, RunJob, DateTime, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var runId = await db.RunJobs.Where(j => j.Id == jobId).Select(j => (Guid?)j.RunId).FirstOrDefaultAsync(cancellationToken);
            var run = runId is null ? null : await db.Runs.Include(r => r.Jobs).FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
            if (run is null)
            {
                return false;
            }
            var now = time.GetUtcNow().UtcDateTime;
            var job = run.Jobs.First(j => j.Id == jobId);
            var queuedBefore = run.Jobs.Count(j => j.Status == JobStatus.Queued);
            if (!change(run, job, now))
            {
                return false;
            }
            RunProgress.Advance(run.Jobs, now);
            if (run.CancelRequestedAt is not null)
            {
                foreach (var waiting in run.Jobs.Where(j => j.Status is JobStatus.Pending or JobStatus.Queued))
                {
                    (waiting.Status, waiting.FinishedAt, waiting.Reason) = (JobStatus.Cancelled, now, $"cancelled by {run.CancelRequestedBy}");
                }
            }
            run.Status = RunProgress.StatusOf(run.Jobs, run.CancelRequestedAt is not null);
            if (run.Status is not (RunStatus.Queued or RunStatus.Running))
            {
                run.FinishedAt ??= now;
            }
            run.Version++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 10)
            {
                continue;
            }
            if (run.Jobs.Count(j => j.Status == JobStatus.Queued) > queuedBefore)
            {
                signal.Pulse();
            }
            return true;
        }
    }
}
