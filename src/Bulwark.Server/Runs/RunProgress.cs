namespace Bulwark.Server.Runs;

/// <summary>
/// The DAG rules, as pure functions over one run's jobs: when a pending job becomes ready or is skipped, and what
/// the run's status is. The queue calls them whenever a job finishes.
/// </summary>
internal static class RunProgress
{
    /// <summary>
    /// Queues pending jobs whose needs all succeeded and skips those with a need that did not, repeating until
    /// nothing changes (a skip can cascade down the graph). Returns whether any job changed.
    /// </summary>
    public static bool Advance(IReadOnlyList<RunJob> jobs, DateTime now)
    {
        var byName = jobs.ToDictionary(j => j.Name, StringComparer.Ordinal);
        var changed = false;
        bool again;
        do
        {
            again = false;
            foreach (var job in jobs.Where(j => j.Status == JobStatus.Pending))
            {
                var needs = job.NeedsList.Select(n => byName[n].Status).ToList();
                if (needs.All(s => s == JobStatus.Succeeded))
                {
                    (job.Status, job.QueuedAt) = (JobStatus.Queued, now);
                }
                else if (needs.Any(s => s is JobStatus.Failed or JobStatus.Cancelled or JobStatus.Skipped))
                {
                    (job.Status, job.FinishedAt, job.Reason) = (JobStatus.Skipped, now, "a job it needs did not succeed");
                }
                else
                {
                    continue;
                }
                again = changed = true;
            }
        }
        while (again);
        return changed;
    }

    /// <summary>Skips what cannot run any more in a freshly planned run (see <see cref="Advance"/>).</summary>
    public static void PropagateSkips(IReadOnlyList<RunJob> jobs, DateTime now) => Advance(jobs, now);

    /// <summary>
    /// The run's status from its jobs: queued until a job starts, running while any job is unfinished, then
    /// cancelled (if asked to), failed (if any job failed or was cancelled) or succeeded.
    /// </summary>
    public static RunStatus StatusOf(IReadOnlyList<RunJob> jobs, bool cancelRequested)
    {
        if (jobs.Any(j => !j.Status.IsFinished()))
        {
            return jobs.Any(j => j.Status == JobStatus.Running || j.StartedAt is not null) ? RunStatus.Running : RunStatus.Queued;
        }
        if (cancelRequested || jobs.Any(j => j.Status == JobStatus.Cancelled))
        {
            return RunStatus.Cancelled;
        }
        return jobs.Any(j => j.Status == JobStatus.Failed) ? RunStatus.Failed : RunStatus.Succeeded;
    }
}
