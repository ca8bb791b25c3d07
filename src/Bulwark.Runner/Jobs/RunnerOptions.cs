namespace Bulwark.Runner.Jobs;

/// <summary>How this machine runs jobs.</summary>
internal sealed record RunnerOptions
{
    /// <summary>Where per-job workspaces are created (and deleted afterwards). Must not be inside the server's data directory.</summary>
    public required string WorkRoot { get; init; }

    /// <summary>False runs steps as plain processes: only with the explicit <c>--unsafe-process-executor</c> flag.</summary>
    public bool Sandboxed { get; init; } = true;

    /// <summary>The command prefix that starts the <c>bulwark</c> CLI for gate steps (e.g. <c>["/opt/bulwark/bulwark"]</c> or <c>["dotnet", "/path/bulwark.dll"]</c>).</summary>
    public required IReadOnlyList<string> GateCommand { get; init; }

    /// <summary>A job's log is cut (with a marker line) beyond this many bytes.</summary>
    public long MaxLogBytes { get; init; } = 16 * 1024 * 1024;

    public long MemoryLimitBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    public int MaxProcesses { get; init; } = 512;

    /// <summary>CPU limit in cores (cgroup CPU quota); 0 means unlimited.</summary>
    public double CpuLimit { get; init; }

    /// <summary>Unprivileged user id the sandbox runs as when the runner itself is root.</summary>
    public int SandboxUserId { get; init; } = 65534;

    /// <summary>A job uploads at most this many artifacts; more fails the job (a partial upload would look complete).</summary>
    public int MaxArtifacts { get; init; } = 1000;

    /// <summary>A job's artifacts add up to at most this many bytes; more fails the job.</summary>
    public long MaxArtifactBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>A gate's JSON report larger than this is refused (the gate step fails).</summary>
    public long MaxGateReportBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// The <c>osv</c> folder of a data directory holding the advisory index (<c>bulwark deps db update</c>), which
    /// <c>bulwark/deps-audit</c> reads; bound read-only into that gate's sandbox, and nothing else of that data
    /// directory is. It must be readable by the sandbox user. Null: deps-audit fails for lack of a database.
    /// </summary>
    public string? AdvisoryDatabase { get; init; }

    /// <summary>Checks every setting at start-up; the message names the one that is wrong.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        static void Require(bool condition, string setting, string rule)
        {
            if (!condition)
            {
                throw new ArgumentException($"{setting} {rule}", setting);
            }
        }
        Require(Path.IsPathFullyQualified(WorkRoot), nameof(WorkRoot), "must be an absolute path");
        Require(GateCommand.Count > 0 && GateCommand.All(part => !string.IsNullOrWhiteSpace(part)), nameof(GateCommand), "must name the bulwark CLI (e.g. [\"/opt/bulwark/bulwark\"])");
        Require(MaxLogBytes >= 1024, nameof(MaxLogBytes), "must be at least 1024 bytes");
        Require(MemoryLimitBytes >= 16L * 1024 * 1024, nameof(MemoryLimitBytes), "must be at least 16 MiB");
        Require(MaxProcesses >= 1, nameof(MaxProcesses), "must be at least 1");
        Require(CpuLimit >= 0 && double.IsFinite(CpuLimit), nameof(CpuLimit), "must be 0 (unlimited) or a positive number of cores");
        Require(SandboxUserId > 0, nameof(SandboxUserId), "must be an unprivileged user id (not 0)");
        Require(MaxArtifacts >= 0, nameof(MaxArtifacts), "must not be negative");
        Require(MaxArtifactBytes >= 0, nameof(MaxArtifactBytes), "must not be negative");
        Require(MaxGateReportBytes >= 1024, nameof(MaxGateReportBytes), "must be at least 1024 bytes");
        Require(AdvisoryDatabase is null || Path.IsPathFullyQualified(AdvisoryDatabase), nameof(AdvisoryDatabase), "must be an absolute path");
    }
}
