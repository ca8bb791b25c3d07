using System.Diagnostics;

namespace Bulwark.Runner.Sandbox;

/// <summary>
/// No isolation at all: the command runs as a plain process of the runner's user in the workspace, with the same
/// environment rules as the sandbox. Only for the explicit <c>--unsafe-process-executor</c> flag
/// (<see cref="Jobs.RunnerOptions.Sandboxed"/> false), e.g. on a machine without bubblewrap that runs only trusted
/// code. The command leads its own session so that the whole process group can be killed.
/// </summary>
internal sealed class ProcessSandbox(TimeProvider time) : ISandboxExecutor
{
    public const string UnsafeWarning =
        "warning: jobs run WITHOUT a sandbox (--unsafe-process-executor): they can read and write everything the runner can, including its network and files";

    private const string Setsid = "/usr/bin/setsid";

    public string Name => "process";

    public IReadOnlyList<string> Warnings { get; } = [UnsafeWarning];

    public SandboxPaths PathsFor(string workspace, string? outputDirectory) => new(workspace, outputDirectory);

    public void GrantWrite(string directory)
    {
        // The command runs as the runner's own user, which owns the directory already.
    }

    public Task<SandboxResult> RunAsync(SandboxRequest request, SandboxOutput output, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { WorkingDirectory = request.Workspace };
        var command = request.Command;
        if (File.Exists(Setsid))
        {
            start.FileName = Setsid;
            start.ArgumentList.Add("--");
        }
        else
        {
            start.FileName = command[0];
            command = command.Skip(1).ToList();
        }
        foreach (var arg in command)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Clear();
        foreach (var (name, value) in SandboxEnvironment.Build(request.Environment, request.Workspace))
        {
            start.Environment[name] = value;
        }
        return SandboxProcess.RunAsync(start, stdin: null, request.Timeout, output, KillGroup, time, cancellationToken);
    }

    private static void KillGroup(Process process)
    {
        // setsid made the process a group leader: its pid is the group id of everything it started.
        NativeMethods.Kill(-process.Id, NativeMethods.SigKill);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
