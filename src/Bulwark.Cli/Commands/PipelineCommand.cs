using System.CommandLine;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark pipeline …</c>: validate a repository's <c>.bulwark.yml</c>; audit its pipeline files.</summary>
internal static class PipelineCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var pipeline = new Command("pipeline", "Validate a .bulwark.yml; audit GitHub Actions, GitLab CI and .bulwark.yml files (validate, audit).");
        pipeline.Subcommands.Add(PipelineValidateCommand.Build(output, error));
        pipeline.Subcommands.Add(new PipelineAuditCommand(output, error).Build());
        return pipeline;
    }
}
