using System.CommandLine;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark data …</c>: the training-data gate.</summary>
internal static class DataCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var data = new Command("data", "Training-data integrity and poisoning checks: schema, drift, label shift and noise, duplicates, outliers, backdoor triggers.");
        data.Subcommands.Add(new DataCheckCommand(output, error).Build());
        return data;
    }
}
