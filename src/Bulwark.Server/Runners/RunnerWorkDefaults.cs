using Bulwark.Runner.Jobs;
using Bulwark.Server.Configuration;

namespace Bulwark.Server.Runners;

/// <summary>
/// The embedded runner's settings from the server's. Workspaces live outside the data directory by default
/// (the sandbox user must be able to reach them, and the data directory is private to the server's user).
/// </summary>
internal static class RunnerWorkDefaults
{
    public static RunnerOptions Options(ServerOptions server) => new()
    {
        WorkRoot = server.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"bulwark-jobs-{Environment.UserName}"),
        Sandboxed = !server.UnsafeProcessExecutor,
        GateCommand = server.GateCommand ?? GateCommand(),
        AdvisoryDatabase = server.AdvisoryDatabase is { } database ? Path.GetFullPath(database) : null,
    };

    /// <summary>
    /// How a job starts this very bulwark for gate steps: the <c>bulwark</c> executable when that is what runs, else
    /// <c>dotnet bulwark.dll</c> from this installation (tests, <c>dotnet bulwark.dll server</c>).
    /// </summary>
    public static IReadOnlyList<string> GateCommand()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        if (Path.GetFileNameWithoutExtension(process) == "bulwark")
        {
            return [process];
        }
        var dll = Path.Combine(AppContext.BaseDirectory, "bulwark.dll");
        var dotnet = Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
        return [dotnet, dll];
    }
}
