using System.CommandLine;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark model …</c>: the model-file gate.</summary>
internal static class ModelCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var model = new Command("model", "Detect malicious model files: pickles that run code, archive tricks, unsafe configs and formats.");
        model.Subcommands.Add(new ModelScanCommand(output, error).Build());
        return model;
    }
}
