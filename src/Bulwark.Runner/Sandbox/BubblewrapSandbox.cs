using System.Diagnostics;
using System.Globalization;
using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Sandbox;

/// <summary>
/// The default executor: each process runs in a bubblewrap sandbox with read-only system directories, a minimal
/// /etc, the workspace at /workspace, private /tmp, /proc and /dev, new user, PID, IPC, UTS, network and cgroup
/// namespaces (the host network only for egress), no capabilities, and as an unprivileged user when the runner
/// is root. cgroup v1 limits apply where the machine allows; rlimits are only ever lowered (root lacks
/// CAP_SYS_RESOURCE on some hosts).
/// </summary>
internal sealed class BubblewrapSandbox : ISandboxExecutor
{
    public const string CgroupWarning = "warning: cgroups are not writable on this machine: {0} limits are NOT enforced for jobs";

    /// <summary>Joins the job's cgroups, then execs the rest of its arguments; runs as root before privileges are dropped.</summary>
    private const string CgroupWrapper = "for f; do [ \"$f\" = -- ] && break; echo $$ > \"$f\" || exit 125; shift; done; shift; exec \"$@\"";

    private const string Bwrap = "/usr/bin/bwrap";
    private const string Setpriv = "/usr/bin/setpriv";
    private const string Prlimit = "/usr/bin/prlimit";

    private readonly RunnerOptions _options;
    private readonly TimeProvider _time;
    private readonly CgroupLimits _cgroups;
    private readonly bool _dropPrivileges;

    public BubblewrapSandbox(RunnerOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        if (!File.Exists(Bwrap))
        {
            throw new SandboxException($"bubblewrap is not installed ({Bwrap}); install it (apt-get install bubblewrap) or run with --unsafe-process-executor");
        }
        _dropPrivileges = Environment.IsPrivilegedProcess;
        if (_dropPrivileges && !File.Exists(Setpriv))
        {
            throw new SandboxException($"the runner runs as root but {Setpriv} (util-linux) is missing, so jobs cannot run as an unprivileged user");
        }
        _cgroups = CgroupLimits.Detect();
        Warnings = _cgroups.Missing.Count == 0 ? [] : [string.Format(CultureInfo.InvariantCulture, CgroupWarning, string.Join(", ", _cgroups.Missing))];
    }

    public string Name => "bubblewrap";

    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The uid jobs run as (the runner's own when it is not root).</summary>
    public int? SandboxUserId => _dropPrivileges ? _options.SandboxUserId : null;

    public SandboxPaths PathsFor(string workspace, string? outputDirectory) =>
        new(BubblewrapArguments.WorkspaceMount, outputDirectory is null ? null : BubblewrapArguments.OutputMount);

    /// <summary>Gives the sandbox user the directory and everything in it (symlinks themselves, never their targets).</summary>
    /// <exception cref="SandboxException">An entry's owner could not be changed.</exception>
    public void GrantWrite(string directory)
    {
        if (!_dropPrivileges)
        {
            return;
        }
        var uid = _options.SandboxUserId;
        Chown(directory, uid);
        var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", walk))
        {
            Chown(entry, uid);
        }
    }

    public async Task<SandboxResult> RunAsync(SandboxRequest request, SandboxOutput output, CancellationToken cancellationToken)
    {
        CheckReachable(request);
        var environment = SandboxEnvironment.Build(request.Environment, BubblewrapArguments.WorkspaceMount);
        var stdin = BubblewrapArguments.EnvironmentArgs(environment);
        var start = new ProcessStartInfo { WorkingDirectory = request.Workspace };
        start.Environment.Clear();
        start.Environment["PATH"] = SandboxEnvironment.SystemPath;

        using var cgroup = !_cgroups.Any ? null
            : _cgroups.Create("bulwark-" + Guid.NewGuid().ToString("N"), _options.MemoryLimitBytes, _options.MaxProcesses, _options.CpuLimit);
        var argv = new List<string>();
        if (cgroup is not null)
        {
            argv.AddRange(["/bin/sh", "-c", CgroupWrapper, "bulwark-cgroup", .. cgroup.ProcsFiles, "--"]);
        }
        if (_dropPrivileges)
        {
            var id = _options.SandboxUserId.ToString(CultureInfo.InvariantCulture);
            argv.AddRange([Setpriv, $"--reuid={id}", $"--regid={id}", "--clear-groups", "--no-new-privs", "--"]);
        }
        argv.AddRange(RlimitArguments());
        argv.Add(Bwrap);
        argv.AddRange(BubblewrapArguments.Build(request));
        start.FileName = argv[0];
        foreach (var arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        return await SandboxProcess.RunAsync(start, stdin, request.Timeout, output, process =>
        {
            // Killing bwrap's PID-namespace init kills the namespace; the cgroup catches anything in between.
            cgroup?.KillAll();
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }, _time, cancellationToken);
    }

    /// <summary>
    /// <c>prlimit</c> options that only lower limits: no core dumps (a dump of a job's memory would hold its secrets),
    /// a bounded number of open files, and a process count when no pids cgroup bounds it.
    /// </summary>
    private IEnumerable<string> RlimitArguments()
    {
        if (!File.Exists(Prlimit))
        {
            return [];
        }
        var args = new List<string> { Prlimit, "--core=0:0" };
        if (Lowered(NativeMethods.RlimitNofile, 4096) is { } files)
        {
            args.Add($"--nofile={files}:{files}");
        }
        if (!_cgroups.Has("pids") && Lowered(NativeMethods.RlimitNproc, (ulong)_options.MaxProcesses) is { } processes)
        {
            args.Add($"--nproc={processes}:{processes}");
        }
        args.Add("--");
        return args;
    }

    private static ulong? Lowered(int resource, ulong wanted) =>
        NativeMethods.GetRLimit(resource, out var limit) == 0 ? Math.Min(wanted, limit.Maximum) : null;

    /// <summary>
    /// bwrap opens every bind source as the sandbox user; a path that user cannot reach fails inside bwrap with
    /// exit code 1, which would read like a failing command. Say what is wrong instead.
    /// </summary>
    private void CheckReachable(SandboxRequest request)
    {
        if (!_dropPrivileges)
        {
            return;
        }
        foreach (var path in request.ReadOnlyBinds)
        {
            if (!Path.IsPathFullyQualified(path))
            {
                throw new SandboxException($"read-only bind {path} is not an absolute path");
            }
            if (SandboxAccess.Unreachable(path, needRead: true) is { } blocked)
            {
                throw new SandboxException($"{path} cannot be read by the sandbox user (uid {_options.SandboxUserId}): {blocked} is not accessible to others; install it somewhere world-readable");
            }
        }
        foreach (var path in (string?[])[request.Workspace, request.OutputDirectory])
        {
            if (path is not null && SandboxAccess.Unreachable(Path.GetDirectoryName(Path.GetFullPath(path))!, needRead: false) is { } blocked)
            {
                throw new SandboxException($"{path} cannot be reached by the sandbox user (uid {_options.SandboxUserId}): {blocked} needs the execute permission for others");
            }
        }
    }

    private static void Chown(string path, int uid)
    {
        if (NativeMethods.LChown(path, uid, uid) != 0)
        {
            throw new SandboxException($"cannot give {path} to the sandbox user (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
        }
    }
}
