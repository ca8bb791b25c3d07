using Spectre.Console;

namespace Bulwark.Cli.Output;

/// <summary>Whether to draw progress: only for people, on a terminal, in the table format.</summary>
internal static class Terminal
{
    public static bool StdoutIsTerminal => !Console.IsOutputRedirected;

    public static bool ShowProgress(bool tableFormat, bool disabled) =>
        tableFormat && !disabled && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;

    /// <summary>Progress goes to stderr so stdout stays the report.</summary>
    public static IAnsiConsole ErrorConsole() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
    });
}
