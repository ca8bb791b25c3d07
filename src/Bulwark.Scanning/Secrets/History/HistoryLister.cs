using System.Threading.Channels;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Files;

namespace Bulwark.Scanning.Secrets.History;

/// <summary>
/// Lists, oldest commit first, the blobs history introduces: each blob id once, with the first commit and path
/// it appeared at. Parents come before children (<c>--reverse --topo-order</c>), and a merge counts only what
/// it changed against its first parent, so a blob is attributed to the commit that really introduced it.
/// </summary>
internal sealed class HistoryLister(string repositoryPath, string? sinceCommit, PathFilter filter, ScanSink sink, HistoryProgressReporter reporter)
{
    public async Task RunAsync(ChannelWriter<BlobIntroduction> requests, CancellationToken cancellationToken)
    {
        try
        {
            await ListAsync(requests, cancellationToken);
            requests.TryComplete();
        }
        catch (Exception ex)
        {
            requests.TryComplete(ex);
            throw;
        }
    }

    private async Task ListAsync(ChannelWriter<BlobIntroduction> requests, CancellationToken cancellationToken)
    {
        List<string> arguments =
        [
            // A user's log.showSignature would add gpg output between our fields.
            "-c", "log.showSignature=false",
            "log", "--all", "--reverse", "--topo-order", "--root", "--diff-merges=first-parent",
            "--raw", "--no-renames", "--no-abbrev", "--no-color", "-z", "--format=" + RawLogParser.Format,
        ];
        if (sinceCommit is not null)
        {
            arguments.Add("^" + sinceCommit);
        }
        using var git = GitProcess.Start(repositoryPath, arguments, withInput: false, cancellationToken);
        var parser = new RawLogParser(git.Output, reporter.CommitListed);
        var seen = new HashSet<ObjectId>();
        long order = 0;
        try
        {
            await foreach (var change in parser.ReadAsync(cancellationToken))
            {
                // Exclusion first: a blob skipped at an excluded path is still scanned where it appears elsewhere.
                if (filter.IsExcluded(change.Path) || !seen.Add(change.Id))
                {
                    continue;
                }
                await requests.WriteAsync(new BlobIntroduction(change.Oid, change.Path, change.Commit, order++), cancellationToken);
                reporter.BlobListed();
            }
        }
        catch (InvalidDataException ex)
        {
            git.Kill();
            sink.AddNotice(NoticeLevel.Error, repositoryPath, $"git log output could not be read ({ex.Message}); later commits were not scanned");
            return;
        }

        var exitCode = await git.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
        {
            // git's first lines name the broken object; the rest repeats it.
            var lines = (await git.ErrorText).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var error = lines.Length == 0 ? "no message" : string.Join("; ", lines.Take(3));
            sink.AddNotice(NoticeLevel.Error, repositoryPath,
                $"git log failed (exit code {exitCode}): {error}; only the {parser.Commits} commits listed before the failure were scanned");
        }
    }
}
