using System.Globalization;
using Bulwark.Runner.Logs;
using Bulwark.Runner.Sandbox;

namespace Bulwark.Runner.Jobs;

/// <summary>Runs a <c>run:</c> step: the script through bash (errexit, pipefail) or, without bash, sh -e.</summary>
internal sealed class StepRunner(ISandboxExecutor executor)
{
    private static readonly bool HasBash = File.Exists("/bin/bash");

    public async Task<StepOutcome> RunAsync(int index, JobStep step, string workspace, IReadOnlyDictionary<string, string> environment, bool egress,
        TimeSpan timeout, JobLog log, CancellationToken cancellationToken)
    {
        var request = new SandboxRequest
        {
            Command = ShellCommand(step.Run!),
            Workspace = workspace,
            Environment = environment,
            NetworkEgress = egress,
            Timeout = timeout,
        };
        var result = await executor.RunAsync(request, log.WriteAsync, cancellationToken);
        return Outcome(index, step, result);
    }

    /// <summary>The argv that runs a step's script; never through a shell string of ours.</summary>
    public static IReadOnlyList<string> ShellCommand(string script) =>
        HasBash ? ["/bin/bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script] : ["/bin/sh", "-e", "-c", script];

    public static StepOutcome Outcome(int index, JobStep step, SandboxResult result) => result switch
    {
        { Cancelled: true } => new(new StepResult(StepConclusion.Cancelled, null, result.Duration), "the job was cancelled"),
        { TimedOut: true } => new(new StepResult(StepConclusion.TimedOut, null, result.Duration), $"step {index + 1} '{step.Name}' ran into the job's timeout"),
        { ExitCode: 0 } => new(new StepResult(StepConclusion.Succeeded, 0, result.Duration), null),
        _ => new(new StepResult(StepConclusion.Failed, result.ExitCode, result.Duration),
            string.Create(CultureInfo.InvariantCulture, $"step {index + 1} '{step.Name}' failed with exit code {result.ExitCode}")),
    };
}
