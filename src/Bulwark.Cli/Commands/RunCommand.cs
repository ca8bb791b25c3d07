using System.CommandLine;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark run …</c>: start pipeline runs on a Bulwark server and follow them.</summary>
internal static class RunCommand
{
    public static Command Build(TextWriter output, TextWriter error, TextReader input)
    {
        var run = new Command("run", "Start and follow pipeline runs on a Bulwark server (trigger, status, logs).");
        run.Subcommands.Add(RunTriggerCommand.Build(output, error, input));
        run.Subcommands.Add(RunStatusCommand.Build(output, error, input));
        run.Subcommands.Add(RunLogsCommand.Build(output, error, input));
        return run;
    }
}
