using System.CommandLine;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark code …</c>: static analysis of Python files and Jupyter notebooks.</summary>
internal static class CodeCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var code = new Command("code", "Static analysis of ML code: Python files and Jupyter notebooks (scan).");
        code.Subcommands.Add(new CodeScanCommand(output, error).Build());
        return code;
    }
}
