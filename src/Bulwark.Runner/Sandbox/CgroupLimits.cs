using System.Globalization;

namespace Bulwark.Runner.Sandbox;

/// <summary>
/// cgroup v1 memory, pids and cpu limits for jobs, where the hierarchies are mounted and writable (as root). A
/// job's groups are created below the runner's own group in each hierarchy, so the runner's own limits still
/// hold. cgroup v2 is not used: on the machines we run on its unified hierarchy has no usable controllers.
/// </summary>
internal sealed class CgroupLimits
{
    public const string Root = "/sys/fs/cgroup";

    private static readonly string[] Controllers = ["memory", "pids", "cpu"];

    private readonly Dictionary<string, string> _parents;

    private CgroupLimits(Dictionary<string, string> parents, IReadOnlyList<string> missing)
    {
        _parents = parents;
        Missing = missing;
    }

    /// <summary>Controllers that could not be used on this machine.</summary>
    public IReadOnlyList<string> Missing { get; }

    public bool Any => _parents.Count > 0;

    public bool Has(string controller) => _parents.ContainsKey(controller);

    /// <summary>Finds the runner's own group in each controller and probes that a child group can be created there.</summary>
    public static CgroupLimits Detect()
    {
        var own = OwnGroups();
        var parents = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var controller in Controllers)
        {
            var parent = Path.Combine(Root, controller) + (own.TryGetValue(controller, out var relative) ? relative : "/");
            if (Probe(parent))
            {
                parents[controller] = parent.TrimEnd('/');
            }
            else
            {
                missing.Add(controller);
            }
        }
        return new CgroupLimits(parents, missing);
    }

    /// <summary>Creates the job's groups with the given limits; dispose the result to kill what is left and remove them.</summary>
    /// <exception cref="SandboxException">A group could not be created or configured.</exception>
    public CgroupJob Create(string name, long memoryBytes, int maxProcesses, double cpus)
    {
        var job = new CgroupJob();
        try
        {
            foreach (var (controller, parent) in _parents)
            {
                var path = Path.Combine(parent, name);
                Directory.CreateDirectory(path);
                job.Add(path);
                switch (controller)
                {
                    case "memory":
                        Write(path, "memory.limit_in_bytes", memoryBytes);
                        // With swap accounting, memory+swap gets the same limit, so the job cannot swap its way past it.
                        TryWrite(path, "memory.memsw.limit_in_bytes", memoryBytes);
                        break;
                    case "pids":
                        Write(path, "pids.max", maxProcesses);
                        break;
                    case "cpu" when cpus > 0:
                        Write(path, "cpu.cfs_period_us", 100_000);
                        Write(path, "cpu.cfs_quota_us", (long)Math.Max(1000, cpus * 100_000));
                        break;
                }
            }
            return job;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            job.Dispose();
            throw new SandboxException($"cannot create the job's cgroup: {ex.Message}", ex);
        }
    }

    private static void Write(string group, string file, long value) =>
        File.WriteAllText(Path.Combine(group, file), value.ToString(CultureInfo.InvariantCulture));

    private static void TryWrite(string group, string file, long value)
    {
        try
        {
            if (File.Exists(Path.Combine(group, file)))
            {
                Write(group, file, value);
            }
        }
        catch (IOException)
        {
            // Swap accounting is off on this kernel: the memory limit alone holds.
        }
    }

    private static bool Probe(string parent)
    {
        if (!File.Exists(Path.Combine(parent, "cgroup.procs")))
        {
            return false;
        }
        var probe = Path.Combine(parent, "bulwark-probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Controller name to the runner's group path, from /proc/self/cgroup (v1 lines are <c>id:controllers:path</c>).</summary>
    private static Dictionary<string, string> OwnGroups()
    {
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines("/proc/self/cgroup"))
            {
                var parts = line.Split(':', 3);
                if (parts.Length != 3 || parts[1].Length == 0 || !parts[2].StartsWith('/'))
                {
                    continue;
                }
                foreach (var controller in parts[1].Split(','))
                {
                    groups[controller] = parts[2].EndsWith('/') ? parts[2] : parts[2] + "/";
                }
            }
        }
        catch (IOException)
        {
            // No procfs: every group is taken from the hierarchy's root.
        }
        return groups;
    }
}
