using System.Globalization;

namespace Bulwark.Runner.Sandbox;

/// <summary>One job's cgroups (one per controller). Every process the job starts is in them, so they name the whole tree.</summary>
internal sealed class CgroupJob : IDisposable
{
    private readonly List<string> _groups = [];

    /// <summary>The <c>cgroup.procs</c> files a process must join before it execs the job's command.</summary>
    public IReadOnlyList<string> ProcsFiles => [.. _groups.Select(g => Path.Combine(g, "cgroup.procs"))];

    internal void Add(string group) => _groups.Add(group);

    /// <summary>Sends SIGKILL to every process in the groups until they are empty (a process may fork while we read).</summary>
    public void KillAll()
    {
        for (var round = 0; round < 50; round++)
        {
            var any = false;
            foreach (var pid in Pids())
            {
                any = true;
                NativeMethods.Kill(pid, NativeMethods.SigKill);
            }
            if (!any)
            {
                return;
            }
            Thread.Sleep(10);
        }
    }

    /// <summary>Kills what is left and removes the groups (a group can only be removed once its processes are reaped).</summary>
    public void Dispose()
    {
        KillAll();
        foreach (var group in _groups)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                try
                {
                    Directory.Delete(group);
                    break;
                }
                catch (DirectoryNotFoundException)
                {
                    break;
                }
                catch (IOException)
                {
                    Thread.Sleep(10);
                }
            }
        }
        _groups.Clear();
    }

    private IEnumerable<int> Pids()
    {
        foreach (var group in _groups)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(Path.Combine(group, "cgroup.procs"));
            }
            catch (IOException)
            {
                continue;
            }
            foreach (var line in lines)
            {
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 1)
                {
                    yield return pid;
                }
            }
        }
    }
}
