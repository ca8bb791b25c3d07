namespace Bulwark.Scanning.Secrets.History;

/// <summary>Checks made before a history scan starts, so bad input fails with a message naming what is wrong.</summary>
internal static class GitRepository
{
    /// <exception cref="GitHistoryException">The path is missing or not inside a git repository, or git is missing.</exception>
    public static async Task EnsureRepositoryAsync(string path, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(path))
        {
            throw new GitHistoryException($"{path}: no such directory; --history needs the path of a git repository");
        }
        var result = await GitProcess.RunAsync(path, ["rev-parse", "--git-dir"], cancellationToken);
        if (result.ExitCode != 0)
        {
            var reason = result.FirstErrorLine;
            throw new GitHistoryException(reason.Length == 0
                ? $"{path} is not a git repository"
                : $"{path} is not a git repository ({reason})");
        }
    }

    /// <summary>Resolves a revision to the full id of the commit it names.</summary>
    /// <exception cref="GitHistoryException">The revision does not name a commit of this repository.</exception>
    public static async Task<string> ResolveCommitAsync(string path, string revision, CancellationToken cancellationToken)
    {
        // --end-of-options: a revision such as "--all" or "--output=x" stays a revision, never an option.
        var result = await GitProcess.RunAsync(path, ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], cancellationToken);
        var id = result.Output.Trim();
        if (result.ExitCode != 0 || !ObjectId.TryParse(System.Text.Encoding.ASCII.GetBytes(id), out _))
        {
            throw new GitHistoryException($"--since '{revision}' is not a commit in {path}");
        }
        return id;
    }
}
