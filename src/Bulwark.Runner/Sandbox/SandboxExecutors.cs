using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Sandbox;

/// <summary>Chooses the executor the options ask for.</summary>
internal static class SandboxExecutors
{
    /// <exception cref="SandboxException">Sandboxing is asked for but cannot work on this machine.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static ISandboxExecutor Create(RunnerOptions options, TimeProvider time)
    {
        options.Validate();
        return options.Sandboxed ? new BubblewrapSandbox(options, time) : new ProcessSandbox(time);
    }
}
