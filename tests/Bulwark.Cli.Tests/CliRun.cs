using System.Diagnostics;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests;

/// <summary>Runs the CLI in-process (fast) or as the built executable (real stdin, real exit code).</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> InProcess(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await BulwarkCommandLine.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The bulwark.dll copied next to the tests, run with the dotnet host.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Executable(string? stdin, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bulwark.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["BULWARK_DATA_DIR"] = Path.Combine(workingDirectory, ".bulwark-data");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }
        process.StandardInput.Close();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Token(int seed)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var random = new Random(seed);
        return "ghp_" + new string(Enumerable.Range(0, 36).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }

    /// <summary>Runs git with fixed commit dates, so reports that show them can be asserted.</summary>
    public static void Git(string directory, params string[] args) =>
        TestGit.Run(directory, args, input: null, new Dictionary<string, string>
        {
            ["GIT_AUTHOR_DATE"] = "2024-03-01T10:00:00Z",
            ["GIT_COMMITTER_DATE"] = "2024-03-01T10:00:00Z",
        });
}
