using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Checkout;

/// <summary>
/// Checks out exactly the job's commit: <c>git init</c> in the empty workspace, a fetch of that one commit
/// (shallow unless the job asks for full history), a detached checkout, and a check that HEAD is the commit.
/// No remote is configured and no credential is stored, so the workspace's <c>.git</c> holds nothing secret;
/// submodules and Git LFS content are not fetched.
/// </summary>
internal sealed class GitCheckout(GitOptions options) : IWorkspaceCheckout
{
    private readonly GitOptions _options = options.Validate();

    public async Task CheckoutAsync(JobCheckout checkout, string workspace, Func<string, CancellationToken, Task> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        ArgumentNullException.ThrowIfNull(log);
        GitFetch.Validate(checkout);
        using var session = GitSession.Start(checkout, _options);
        PrepareWorkspace(workspace);
        // Log lines go through the session's masker too: nothing here should hold the token, but a log line is not the place to find out.
        Task Log(string line, CancellationToken token) => log(session.Mask(line), token);
        var depth = checkout.Depth == 0 ? "full history" : $"depth {checkout.Depth}";
        await Log($"Checking out {checkout.Commit} ({checkout.Ref}) from {session.Remote.Url}, {depth}", cancellationToken);

        // An empty template: no sample hooks, no info/exclude, nothing from the machine's template directory.
        await session.RunCheckedAsync(workspace, ["init", "--quiet", "--template="], "creating the repository", cancellationToken);
        await GitFetch.FetchCommitAsync(session, workspace, checkout, Log, cancellationToken);
        await session.RunCheckedAsync(workspace, ["checkout", "--quiet", "--detach", "--no-recurse-submodules", checkout.Commit], $"checking out {checkout.Commit}", cancellationToken);

        var head = await session.RunCheckedAsync(workspace, ["rev-parse", "--verify", "HEAD^{commit}"], "reading HEAD", cancellationToken);
        if (!string.Equals(head.OutputText, checkout.Commit, StringComparison.Ordinal))
        {
            throw new CheckoutException($"after checkout HEAD is {head.OutputText}, not {checkout.Commit}");
        }
        await Log($"HEAD is now at {checkout.Commit}", cancellationToken);
    }

    /// <summary>The workspace must be a new, empty directory: git must not adopt files (or a .git) that are already there.</summary>
    private static void PrepareWorkspace(string workspace)
    {
        if (!Path.IsPathFullyQualified(workspace))
        {
            throw new CheckoutException("the workspace must be an absolute path");
        }
        if (File.Exists(workspace) || Directory.Exists(workspace) && Directory.EnumerateFileSystemEntries(workspace).Any())
        {
            throw new CheckoutException("the workspace must be an empty directory");
        }
        Directory.CreateDirectory(workspace);
    }
}
