using System.CommandLine;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark deps …</c>: the dependency-audit gate and its advisory database.</summary>
internal static class DepsCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var deps = new Command("deps", "Audit locked dependencies against OSV advisories (offline), check supply-chain hygiene, and fix pins.");
        deps.Subcommands.Add(new DepsAuditCommand(output, error).Build());
        deps.Subcommands.Add(new DepsFixCommand(output, error).Build());
        deps.Subcommands.Add(DepsDbCommand.Build(output, error));
        return deps;
    }
}
