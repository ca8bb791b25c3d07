using System.Diagnostics;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

/// <summary>
/// Unreadable files and folders, observed for real: root reads everything, so as root the command runs as
/// user nobody through setpriv (util-linux); as an ordinary user it runs directly.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UnreadableInputTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-unreadable-");

    public void Dispose()
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(_temp.Path, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        _temp.Dispose();
    }

    private (int ExitCode, string Stderr) RunUnprivileged(params string[] args)
    {
        ProcessStartInfo info;
        if (Environment.IsPrivilegedProcess)
        {
            info = new ProcessStartInfo("setpriv");
            foreach (var arg in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "--", "dotnet"])
            {
                info.ArgumentList.Add(arg);
            }
        }
        else
        {
            info = new ProcessStartInfo("dotnet");
        }
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bulwark.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        info.WorkingDirectory = _temp.Path;
        info.Environment["HOME"] = _temp.Path;
        info.Environment["DOTNET_CLI_HOME"] = _temp.Path;
        info.Environment["BULWARK_DATA_DIR"] = Path.Combine(_temp.Path, ".data");
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stderr.Result);
    }

    private string Model()
    {
        // Everyone may enter the folders (the unprivileged run must reach the one locked file or folder).
        File.SetUnixFileMode(_temp.Path, (UnixFileMode)0b111_101_101);
        _temp.Write("model/a.bin", "readable");
        var model = _temp.Combine("model");
        File.SetUnixFileMode(model, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Path.Combine(model, "a.bin"), (UnixFileMode)0b110_100_100);
        return model;
    }

    [Fact]
    public void Hash_names_an_unreadable_file()
    {
        var model = Model();
        var locked = _temp.Write("model/locked.bin", "secret");
        File.SetUnixFileMode(locked, UnixFileMode.None);

        var (code, stderr) = RunUnprivileged("hash", model);

        code.ShouldBe(2, stderr);
        stderr.ShouldContain("locked.bin");
    }

    [Fact]
    public void Hash_names_an_unreadable_folder()
    {
        var model = Model();
        var folder = Path.GetDirectoryName(_temp.Write("model/shards/part.bin", "x"))!;
        File.SetUnixFileMode(folder, UnixFileMode.None);

        var (code, stderr) = RunUnprivileged("hash", model);

        code.ShouldBe(2, stderr);
        stderr.ShouldContain("shards");
    }
}
