using System.Globalization;
using Bulwark.Tests.Shared;

namespace Bulwark.Scanning.Tests;

/// <summary>
/// A throwaway git repository in a temp directory, driven through the real git executable. Commits get fixed,
/// increasing dates so tests can assert them; global and system git config are ignored so a developer's
/// settings (signing, hooks, default branch) cannot change what a test sees. Deleted on dispose.
/// </summary>
internal sealed class TestGitRepository : IDisposable
{
    public static readonly DateTimeOffset FirstCommitDate = new(2024, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private int _commits;

    private TestGitRepository(string path) => Path = path;

    public string Path { get; }

    /// <summary>The author date the next <see cref="Commit"/> gets: one minute after the previous one.</summary>
    public DateTimeOffset NextCommitDate => FirstCommitDate.AddMinutes(_commits);

    public static TestGitRepository Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bulwark-git-" + Guid.NewGuid().ToString("N"));
        TestGit.InitRepository(path);
        return new TestGitRepository(path);
    }

    public void Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public void Delete(string relativePath) => File.Delete(System.IO.Path.Combine(Path, relativePath));

    /// <summary>Stages everything and commits; returns the new commit's id.</summary>
    public string Commit(string message, string? author = null, string? email = null)
    {
        var date = NextCommitDate.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + " +0000";
        _commits++;
        Git("add", "-A");
        var environment = new Dictionary<string, string> { ["GIT_AUTHOR_DATE"] = date, ["GIT_COMMITTER_DATE"] = date };
        if (author is not null)
        {
            environment["GIT_AUTHOR_NAME"] = author;
            environment["GIT_AUTHOR_EMAIL"] = email ?? "someone@example.invalid";
        }
        Run(["commit", "-q", "--allow-empty", "-m", message], input: null, environment);
        return Git("rev-parse", "HEAD");
    }

    /// <summary>Feeds a <c>git fast-import</c> stream; returns the marks file's mapping from mark number to commit id.</summary>
    public IReadOnlyDictionary<int, string> FastImport(string stream)
    {
        var marks = System.IO.Path.Combine(Path, ".git", "test-marks");
        Run(["fast-import", "--quiet", "--export-marks=" + marks], stream, environment: null);
        return File.ReadAllLines(marks)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => int.Parse(parts[0].AsSpan(1), CultureInfo.InvariantCulture), parts => parts[1]);
    }

    /// <summary>Where git keeps a loose object.</summary>
    public string LooseObjectPath(string id) => System.IO.Path.Combine(Path, ".git", "objects", id[..2], id[2..]);

    public string Git(params string[] arguments) => Run(arguments, input: null, environment: null);

    public string Run(IReadOnlyList<string> arguments, string? input, IReadOnlyDictionary<string, string>? environment) =>
        TestGit.Run(Path, arguments, input, environment);

    public void Dispose()
    {
        try
        {
            // git writes objects read-only, which Windows refuses to delete.
            foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test over.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
