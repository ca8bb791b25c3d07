using System.Diagnostics;

namespace Bulwark.Runner.Tests.Checkout;

/// <summary>
/// A throwaway git repository to check out from, driven through the real git executable with the machine's
/// system and global config ignored. Deleted on dispose.
/// </summary>
internal sealed class SourceRepository : IDisposable
{
    private int _commits;

    private SourceRepository(string path) => Path = path;

    /// <summary>A file that never exists: git reads it as an empty global config (and a stray write cannot hurt /dev/null).</summary>
    public static string NoGlobalConfig { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bulwark-test-no-global-gitconfig-" + Guid.NewGuid().ToString("N"));

    public string Path { get; }

    public string FileUrl => "file://" + Path;

    public static SourceRepository Create(string? directory = null)
    {
        var path = directory ?? Directory.CreateTempSubdirectory("bulwark-source-").FullName;
        Directory.CreateDirectory(path);
        var repository = new SourceRepository(path);
        repository.Git("init", "-q", "-b", "main");
        repository.Git("config", "user.name", "Test User");
        repository.Git("config", "user.email", "test@example.invalid");
        repository.Git("config", "commit.gpgsign", "false");
        repository.Git("config", "tag.gpgsign", "false");
        return repository;
    }

    public void Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    /// <summary>Stages everything and commits; returns the new commit's id.</summary>
    public string Commit(string message)
    {
        var date = $"{1_700_000_000 + 60 * _commits++} +0000";
        Run(["add", "-A"], null);
        Run(["commit", "-q", "--allow-empty", "-m", message], new Dictionary<string, string> { ["GIT_AUTHOR_DATE"] = date, ["GIT_COMMITTER_DATE"] = date });
        return Git("rev-parse", "HEAD");
    }

    /// <summary>An executable hook that would create <paramref name="marker"/> if git ever ran it.</summary>
    public void PlantHook(string name, string marker)
    {
        var hook = System.IO.Path.Combine(Path, ".git", "hooks", name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, $"#!/bin/sh\ntouch '{marker}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Git(params string[] arguments) => Run(arguments, null);

    public string Run(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment) => RunGit(Path, arguments, environment);

    /// <summary>Runs git in <paramref name="directory"/> with the machine's config ignored; throws on failure.</summary>
    public static string RunGit(string directory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo
        {
            FileName = "git",
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = NoGlobalConfig;
        info.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Trim()
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test over.
        }
    }
}
