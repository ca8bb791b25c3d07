using Bulwark.Tests.Shared;

namespace Bulwark.Server.Tests.Pipelines;

/// <summary>A real git repository on the local disk, made by the test, that projects point at with a file:// URL.</summary>
internal sealed class LocalRepository : IDisposable
{
    private readonly TempDirectory _directory = new("bulwark-repo-");

    public LocalRepository()
    {
        TestGit.InitRepository(Path);
    }

    /// <summary>The folder holding only this repository (as <see cref="RepositoryName"/>), for a server that exports a folder.</summary>
    public string Root => _directory.Path;

    public const string RepositoryName = "repo.git";

    public string Path => System.IO.Path.Combine(_directory.Path, RepositoryName);

    public string Url => "file://" + Path;

    /// <summary>Writes the files (relative path → content), commits everything and returns the commit id.</summary>
    public string Commit(string message, params (string Path, byte[] Content)[] files)
    {
        foreach (var (relative, content) in files)
        {
            var full = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
        }
        Git("add", "--all");
        Git("commit", "--quiet", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD");
    }

    public string Commit(string message, params (string Path, string Content)[] files) =>
        Commit(message, files.Select(f => (f.Path, System.Text.Encoding.UTF8.GetBytes(f.Content))).ToArray());

    public string Git(params string[] arguments) => TestGit.Run(Path, arguments);

    public void Dispose() => _directory.Dispose();
}
