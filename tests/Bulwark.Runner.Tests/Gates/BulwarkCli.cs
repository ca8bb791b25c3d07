using Bulwark.Runner.Sandbox;
using Bulwark.Tests.Shared;

namespace Bulwark.Runner.Tests.Gates;

/// <summary>
/// The bulwark CLI built beside these tests (same configuration), as a gate command prefix. When the sandbox user
/// cannot reach the build output (a checkout under /root), a world-readable copy is made and removed afterwards.
/// </summary>
public sealed class BulwarkCli : IDisposable
{
    private readonly string? _copy;

    public BulwarkCli()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Name;
        var bin = Path.Combine(RepositoryPaths.Root, "src", "Bulwark.Cli", "bin");
        var dll = Path.Combine(bin, configuration, "net10.0", "bulwark.dll");
        if (!File.Exists(dll))
        {
            dll = Directory.Exists(bin)
                ? Directory.EnumerateFiles(bin, "bulwark.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() ?? dll
                : dll;
        }
        File.Exists(dll).ShouldBeTrue($"the bulwark CLI is not built ({dll})");
        if (Environment.IsPrivilegedProcess && SandboxAccess.Unreachable(dll, needRead: true) is not null)
        {
            _copy = Directory.CreateTempSubdirectory("bulwark-cli-").FullName;
            CopyReadable(Path.GetDirectoryName(dll)!, _copy);
            File.SetUnixFileMode(_copy, (UnixFileMode)0b111_101_101);
            dll = Path.Combine(_copy, "bulwark.dll");
        }
        Command = ["dotnet", dll];
    }

    public IReadOnlyList<string> Command { get; }

    /// <summary>Runs the CLI on the host (to prepare fixtures such as a signed model) and returns its exit code.</summary>
    public int Run(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in Command.Skip(1).Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (_copy is not null)
        {
            Directory.Delete(_copy, recursive: true);
        }
    }

    private static void CopyReadable(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            var directory = Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(directory);
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
            File.Copy(file, target);
            File.SetUnixFileMode(target, (UnixFileMode)0b110_100_100);
        }
    }
}
