namespace Bulwark.Runner.Sandbox;

/// <summary>One process to run for a job. Paths are the runner's (host) paths; <see cref="ISandboxExecutor.PathsFor"/> says how the command sees them.</summary>
internal sealed record SandboxRequest
{
    /// <summary>argv: the program (resolved inside the sandbox, or an absolute path) and its arguments; never a shell string.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The job's workspace directory: the only writable place besides a private /tmp and <see cref="OutputDirectory"/>; the working directory.</summary>
    public required string Workspace { get; init; }

    /// <summary>
    /// The declared environment (job <c>env</c>, secrets, <c>BULWARK_RUN_ID</c>, <c>BULWARK_JOB</c>). Nothing of the
    /// runner's own environment reaches the command; <see cref="SandboxEnvironment"/> adds the fixed variables.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>False: loopback only. True: the host's network and the files name resolution and TLS need.</summary>
    public bool NetworkEgress { get; init; }

    /// <summary>Wall-clock limit; the whole process tree is killed when it passes.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Absolute host paths (files or directories) the command may read, at the same path.</summary>
    public IReadOnlyList<string> ReadOnlyBinds { get; init; } = [];

    /// <summary>A host directory the command may write besides the workspace (a gate's report), or null.</summary>
    public string? OutputDirectory { get; init; }
}
