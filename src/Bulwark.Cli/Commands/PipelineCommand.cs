using System.CommandLine;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark pipeline …</c>: work with a repository's <c>.bulwark.yml</c>.</summary>
internal static class PipelineCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var pipeline = new Command("pipeline", "Work with a repository's .bulwark.yml pipeline definition (validate).");
        pipeline.Subcommands.Add(PipelineValidateCommand.Build(output, error));
        return pipeline;
    }
}
