using System.CommandLine;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark eval …</c>: the model-evaluation gate.</summary>
internal static class EvalCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var eval = new Command("eval", "Model evaluation gates: thresholds, regressions against the approved model, required benchmarks, metrics tied to the model.");
        eval.Subcommands.Add(new EvalGateCommand(output, error).Build());
        return eval;
    }
}
