using System.Globalization;
using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Checkout;

/// <summary>
/// Brings exactly one commit into a local repository. First the commit itself is asked for (protocol v2 hosts
/// serve any reachable commit); a host that refuses bare commit ids is asked for the ref instead, at the same
/// depth and then, if the commit is older than that, with full history. Either way the commit must be there
/// at the end, or the fetch fails with a message that says what was looked for.
/// </summary>
internal static class GitFetch
{
    public const int MaxDepth = 1_000_000;

    /// <summary>Validates the parts of <paramref name="checkout"/> that become git arguments.</summary>
    /// <exception cref="CheckoutException">A commit id, ref or depth that git must never see.</exception>
    public static void Validate(JobCheckout checkout)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        if (checkout.Commit is not { Length: 40 } commit || !commit.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new CheckoutException("the commit to check out must be a full 40-character lower-case hex id");
        }
        if (!IsSaneRef(checkout.Ref))
        {
            throw new CheckoutException("the ref must be a full ref name under refs/ without spaces, control characters or '..'");
        }
        if (checkout.Depth is < 0 or > MaxDepth)
        {
            throw new CheckoutException($"the checkout depth must be between 0 (full history) and {MaxDepth}");
        }
    }

    public static async Task FetchCommitAsync(GitSession session, string repository, JobCheckout checkout, Func<string, CancellationToken, Task> log, CancellationToken cancellationToken)
    {
        var depth = checkout.Depth > 0 ? new[] { "--depth", checkout.Depth.ToString(CultureInfo.InvariantCulture) } : [];
        var direct = await session.RunAsync(repository, [.. Fetch, .. depth, "--", session.Remote.Url, checkout.Commit], 1024 * 1024, cancellationToken);
        if (direct.Succeeded && await HasCommitAsync(session, repository, checkout.Commit, cancellationToken))
        {
            return;
        }
        await log($"Fetching commit {checkout.Commit} by id did not work; fetching {checkout.Ref} instead", cancellationToken);
        var byRef = await session.RunAsync(repository, [.. Fetch, .. depth, "--", session.Remote.Url, checkout.Ref], 1024 * 1024, cancellationToken);
        if (!byRef.Succeeded)
        {
            // Both attempts failed: the first error usually says it best (authentication, unknown host, missing repository).
            throw new CheckoutException(GitSession.Failure($"fetching commit {checkout.Commit} from the repository", direct.Succeeded ? byRef : direct));
        }
        if (await HasCommitAsync(session, repository, checkout.Commit, cancellationToken))
        {
            return;
        }
        if (checkout.Depth > 0 && File.Exists(Path.Combine(GitDirectory(repository), "shallow")))
        {
            await log($"Commit {checkout.Commit} is older than the last {checkout.Depth} commits of {checkout.Ref}; fetching its full history", cancellationToken);
            var deeper = await session.RunAsync(repository, [.. Fetch, "--unshallow", "--", session.Remote.Url, checkout.Ref], 1024 * 1024, cancellationToken);
            if (deeper.Succeeded && await HasCommitAsync(session, repository, checkout.Commit, cancellationToken))
            {
                return;
            }
        }
        throw new CheckoutException($"commit {checkout.Commit} was not found in the repository (it is not reachable from {checkout.Ref}, or the host refuses to serve it)");
    }

    private static readonly string[] Fetch = ["fetch", "--quiet", "--no-tags", "--no-recurse-submodules", "--no-auto-gc"];

    private static async Task<bool> HasCommitAsync(GitSession session, string repository, string commit, CancellationToken cancellationToken) =>
        (await session.RunAsync(repository, ["cat-file", "-e", commit + "^{commit}"], 1024, cancellationToken)).Succeeded;

    /// <summary>A bare repository is its own git directory; a working tree keeps it in <c>.git</c>.</summary>
    private static string GitDirectory(string repository)
    {
        var dotGit = Path.Combine(repository, ".git");
        return Directory.Exists(dotGit) ? dotGit : repository;
    }

    private static bool IsSaneRef(string? name) =>
        name is { Length: > 5 and <= 255 }
        && name.StartsWith("refs/", StringComparison.Ordinal)
        && !name.Contains("..", StringComparison.Ordinal)
        && !name.Contains("@{", StringComparison.Ordinal)
        && !name.EndsWith('/')
        && !name.EndsWith(".lock", StringComparison.Ordinal)
        && !name.Any(c => char.IsControl(c) || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\');
}
