using Bulwark.Server.Runs;

namespace Bulwark.Server.Web.Pages.Runs;

/// <summary>
/// Lays a run's job DAG out for a page without script: a job's stage is the length of the longest chain of needs
/// leading to it, so every job appears to the right of all the jobs it needs. Within a stage jobs keep file order.
/// </summary>
internal static class JobGraph
{
    public static IReadOnlyList<IReadOnlyList<JobDetails>> Stages(IReadOnlyList<JobDetails> jobs)
    {
        var byName = new Dictionary<string, JobDetails>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            byName.TryAdd(job.Name, job);
        }
        var depths = new Dictionary<string, int>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var stages = new List<List<JobDetails>>();
        foreach (var job in jobs)
        {
            var depth = Depth(job, byName, depths, visiting);
            while (stages.Count <= depth)
            {
                stages.Add([]);
            }
            stages[depth].Add(job);
        }
        return stages;
    }

    /// <summary>
    /// Runs are validated before they are stored, so needs name existing jobs and form no cycle; a stored run that
    /// breaks this anyway (an unknown need, a cycle) still gets a layout instead of an endless loop.
    /// Recursion depth is bounded by the job count (at most 256 per pipeline).
    /// </summary>
    private static int Depth(JobDetails job, Dictionary<string, JobDetails> byName, Dictionary<string, int> depths, HashSet<string> visiting)
    {
        if (depths.TryGetValue(job.Name, out var known))
        {
            return known;
        }
        if (!visiting.Add(job.Name))
        {
            return 0;
        }
        var depth = 0;
        foreach (var need in job.Needs)
        {
            if (byName.TryGetValue(need, out var needed) && !ReferenceEquals(needed, job))
            {
                depth = Math.Max(depth, Depth(needed, byName, depths, visiting) + 1);
            }
        }
        visiting.Remove(job.Name);
        depths[job.Name] = depth;
        return depth;
    }
}
