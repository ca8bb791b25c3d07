namespace Bulwark.Runner.Sandbox;

/// <summary>
/// How a sandboxed process ended. <see cref="ExitCode"/> is null when it was killed by the runner (timeout,
/// cancellation); a process killed by a signal it did not ask for (the OOM killer) reports 128 + the signal.
/// </summary>
internal sealed record SandboxResult(int? ExitCode, bool TimedOut, bool Cancelled, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut && !Cancelled;
}
