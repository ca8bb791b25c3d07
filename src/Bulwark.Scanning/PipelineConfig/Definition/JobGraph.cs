namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>
/// Checks that <c>needs</c> forms a DAG. Iterative depth-first search (no recursion, so a long chain of jobs
/// cannot overflow the stack); each cycle is reported once, at the job where the search entered it, naming
/// every job on it.
/// </summary>
internal static class JobGraph
{
    public static void CheckAcyclic(IReadOnlyList<JobDefinition> jobs, PipelineErrors errors)
    {
        var byName = new Dictionary<string, JobDefinition>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            byName.TryAdd(job.Name, job);
        }
        // 0 unvisited, 1 on the current path, 2 done.
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        var stack = new Stack<(JobDefinition Job, int Next)>();
        foreach (var root in jobs)
        {
            if (state.GetValueOrDefault(root.Name) != 0)
            {
                continue;
            }
            stack.Push((root, 0));
            state[root.Name] = 1;
            path.Add(root.Name);
            while (stack.Count > 0)
            {
                var (job, next) = stack.Pop();
                if (next >= job.Needs.Count)
                {
                    state[job.Name] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }
                stack.Push((job, next + 1));
                var needed = job.Needs[next];
                if (!byName.TryGetValue(needed, out var target) || needed == job.Name)
                {
                    continue; // unknown names and self-needs are reported where they are written
                }
                switch (state.GetValueOrDefault(needed))
                {
                    case 1:
                        var cycle = path.GetRange(path.IndexOf(needed), path.Count - path.IndexOf(needed));
                        cycle.Add(needed);
                        var first = byName[cycle[0]];
                        errors.Add($"jobs form a cycle through 'needs': {string.Join(" -> ", cycle)}", first.Line, first.Column);
                        break;
                    case 0:
                        state[needed] = 1;
                        path.Add(needed);
                        stack.Push((target, 0));
                        break;
                }
            }
        }
    }
}
