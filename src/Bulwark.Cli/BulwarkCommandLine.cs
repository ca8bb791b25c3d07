using System.CommandLine;
using Bulwark.Cli.Commands;

namespace Bulwark.Cli;

/// <summary>Builds the command tree and runs it, mapping parse errors and crashes to the documented exit codes.</summary>
internal static class BulwarkCommandLine
{
    public static readonly Option<string?> DataDirOption = new("--data-dir")
    {
        Description = "Where Bulwark keeps state (databases, keys, caches). Default: $BULWARK_DATA_DIR or ~/.bulwark",
        Recursive = true,
    };

    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Bulwark: security gates for ML projects. Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 internal error.");
        root.Options.Add(DataDirOption);
        root.Subcommands.Add(SecretsCommand.Build(output, error, Console.In));
        root.Subcommands.Add(DepsCommand.Build(output, error));
        root.Subcommands.Add(ModelCommand.Build(output, error));
        root.Subcommands.Add(KeygenCommand.Build(output, error));
        root.Subcommands.Add(SignCommand.Build(output, error));
        root.Subcommands.Add(VerifyCommand.Build(output, error));
        root.Subcommands.Add(HashCommand.Build(output, error));
        root.Subcommands.Add(AttestCommand.Build(output, error));
        root.Subcommands.Add(VerifyAttestationCommand.Build(output, error));
        root.Subcommands.Add(ManifestCommand.Build(output, error));
        root.Subcommands.Add(ServerCommand.Build(output, error));
        root.Subcommands.Add(AdminCommand.Build(output, error, Console.In));
        root.Subcommands.Add(AuditCommand.Build(output, error));
        root.Subcommands.Add(PipelineCommand.Build(output, error));
        root.Subcommands.Add(new DastCommand(output, error).Build());
        root.Subcommands.Add(RunCommand.Build(output, error, Console.In));
        root.Subcommands.Add(RunnerCommand.Build(output, error));
        root.Subcommands.Add(DataCommand.Build(output, error));
        root.Subcommands.Add(DriftCommand.Build(output, error));
        root.Subcommands.Add(EvalCommand.Build(output, error));
        root.Subcommands.Add(CodeCommand.Build(output, error));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = Build(output, error);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"bulwark: {problem.Message}");
            }
            await error.WriteLineAsync("Run 'bulwark --help' for usage.");
            return ExitCodes.UsageError;
        }
        try
        {
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            if (parse.CommandResult.Command.Name == RunnerCommand.Name)
            {
                // The runner drains its jobs on SIGTERM itself, for longer than the parser's own two-second grace.
                configuration.ProcessTerminationTimeout = null;
            }
            return await parse.InvokeAsync(configuration);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("bulwark: cancelled");
            return ExitCodes.InternalError;
        }
        catch (Exception ex)
        {
            // Messages from our own code never contain secrets; a stack trace is printed only on request.
            await error.WriteLineAsync($"bulwark: internal error: {ex.GetType().Name}: {ex.Message}");
            if (Environment.GetEnvironmentVariable("BULWARK_DEBUG") == "1")
            {
                await error.WriteLineAsync(ex.ToString());
            }
            return ExitCodes.InternalError;
        }
    }
}
