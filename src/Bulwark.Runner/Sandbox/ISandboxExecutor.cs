namespace Bulwark.Runner.Sandbox;

/// <summary>
/// Runs one process for a job step in a workspace, isolated as far as the implementation can: bubblewrap on this
/// machine (<see cref="BubblewrapSandbox"/>), a plain process only by explicit opt-in (<see cref="ProcessSandbox"/>),
/// a Kubernetes Job later. Implementations are thread-safe: one executor serves every job of a runner.
/// </summary>
internal interface ISandboxExecutor
{
    /// <summary>Short name for logs (<c>bubblewrap</c>, <c>process</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Facts about this machine that weaken the isolation (no cgroups, no sandbox at all), one line each. The runner
    /// writes them at the top of every job log so nobody mistakes the job's protection for more than it is.
    /// </summary>
    IReadOnlyList<string> Warnings { get; }

    /// <summary>Where the command sees the workspace and the output directory (the paths to put into its arguments).</summary>
    SandboxPaths PathsFor(string workspace, string? outputDirectory);

    /// <summary>Makes a directory (and what is in it) writable by the sandboxed command: its owner becomes the sandbox user.</summary>
    void GrantWrite(string directory);

    /// <summary>
    /// Runs <see cref="SandboxRequest.Command"/> to completion, timeout or cancellation and returns how it ended;
    /// every process it started is gone when this returns. Output arrives through <paramref name="output"/>, one
    /// call at a time, in order per stream. A callback that throws kills the process and the exception propagates.
    /// </summary>
    /// <exception cref="SandboxException">The sandbox could not be set up (the command never ran).</exception>
    Task<SandboxResult> RunAsync(SandboxRequest request, SandboxOutput output, CancellationToken cancellationToken);
}

/// <summary>Receives one chunk of a process's output. The memory is only valid during the call.</summary>
internal delegate ValueTask SandboxOutput(SandboxStream stream, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

internal enum SandboxStream
{
    Stdout,
    Stderr,
}

/// <summary>The paths a sandboxed command uses for its workspace and its writable output directory.</summary>
internal sealed record SandboxPaths(string Workspace, string? Output);

/// <summary>The sandbox could not be set up; the message is for the job log (no secrets: it names paths and settings only).</summary>
internal sealed class SandboxException(string message, Exception? inner = null) : Exception(message, inner);
