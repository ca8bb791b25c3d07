using Bulwark.Tests.Shared;

namespace Bulwark.Runner.Tests.Checkout;

/// <summary>
/// A throwaway git repository to check out from, driven through the real git executable with the machine's
/// system and global config ignored. Deleted on dispose.
/// </summary>
internal sealed class SourceRepository : IDisposable
{
    private int _commits;

    private SourceRepository(string path) => Path = path;

    public string Path { get; }

    public string FileUrl => "file://" + Path;

    public static SourceRepository Create(string? directory = null)
    {
        var path = directory ?? Directory.CreateTempSubdirectory("bulwark-source-").FullName;
        TestGit.InitRepository(path);
        return new SourceRepository(path);
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

    public string Run(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment) => TestGit.Run(Path, arguments, null, environment);

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
