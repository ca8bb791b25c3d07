using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Files;

namespace Bulwark.Scanning.Secrets.History;

/// <summary>
/// Scans every blob reachable from any ref of a git repository once, reporting each secret with the commit
/// that introduced it. Three stages run at once: <c>git log --raw</c> lists, oldest first, the blobs each commit
/// introduces (deduplicated by blob id); one <c>git cat-file --batch</c> reads them; workers scan them. Bounded
/// queues and a byte budget between the stages keep memory flat however long the history.
/// </summary>
internal sealed class GitHistoryScanner(SecretRuleSet rules, SecretScanOptions options, PathFilter filter)
{
    /// <summary>Blob bytes held between reading and scanning, all workers together.</summary>
    private const long InFlightBytes = 64L << 20;

    /// <summary>Blob ids listed ahead of the reader; enough to keep cat-file busy, small enough not to matter.</summary>
    private const int ListedAhead = 4096;

    /// <summary>Scans the history of <paramref name="repositoryPath"/>, or with <paramref name="since"/> only commits not reachable from it.</summary>
    /// <exception cref="GitHistoryException">Not a git repository, git missing, or <paramref name="since"/> is not a commit.</exception>
    public GitHistorySummary Scan(string repositoryPath, string? since, ScanSink sink, IProgress<GitHistoryProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        // The host is a command line: blocking its thread once, here, keeps every stage below truly async.
        return ScanAsync(Path.GetFullPath(repositoryPath), since, sink, progress, cancellationToken).GetAwaiter().GetResult();
    }

    private async Task<GitHistorySummary> ScanAsync(string repositoryPath, string? since, ScanSink sink, IProgress<GitHistoryProgress>? progress, CancellationToken cancellationToken)
    {
        await GitRepository.EnsureRepositoryAsync(repositoryPath, cancellationToken);
        var sinceCommit = since is null ? null : await GitRepository.ResolveCommitAsync(repositoryPath, since, cancellationToken);

        var reporter = new HistoryProgressReporter(progress);
        var budget = new ByteBudget(InFlightBytes);
        var workers = Math.Max(1, options.Parallelism);
        var requests = Channel.CreateBounded<BlobIntroduction>(new BoundedChannelOptions(ListedAhead) { SingleReader = true, SingleWriter = true });
        var contents = Channel.CreateBounded<BlobContent>(new BoundedChannelOptions(workers * 2) { SingleWriter = true });

        // One failing stage stops the others instead of leaving them blocked on a queue nobody serves.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lister = new HistoryLister(repositoryPath, sinceCommit, filter, sink, reporter);
        var reader = new CatFileBlobReader(repositoryPath, options.Limits.MaxFileBytes, budget, sink);
        var stages = new List<Task>
        {
            StopOnFailure(lister.RunAsync(requests.Writer, stop.Token), stop),
            StopOnFailure(reader.RunAsync(requests.Reader, contents.Writer, stop.Token), stop),
        };
        for (var i = 0; i < workers; i++)
        {
            stages.Add(StopOnFailure(Task.Run(() => ScanBlobsAsync(contents.Reader, sink, budget, reporter, stop.Token), stop.Token), stop));
        }

        try
        {
            await Task.WhenAll(stages);
        }
        catch when (!cancellationToken.IsCancellationRequested)
        {
            // Report the stage that failed, not the cancellations it caused in the others.
            var cause = stages.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (cause is not null)
            {
                ExceptionDispatchInfo.Throw(cause);
            }
            throw;
        }
        reporter.Report();
        return new GitHistorySummary(reporter.Commits, reporter.Scanned);
    }

    private async Task ScanBlobsAsync(ChannelReader<BlobContent> contents, ScanSink sink, ByteBudget budget, HistoryProgressReporter reporter, CancellationToken cancellationToken)
    {
        // SecretScanner is not thread-safe: one per worker.
        var scanner = new SecretScanner(rules, options);
        await foreach (var blob in contents.ReadAllAsync(cancellationToken))
        {
            try
            {
                using var stream = new MemoryStream(blob.Buffer, 0, blob.Length, writable: false);
                scanner.Scan(stream, blob.Origin, sink, cancellationToken);
            }
            finally
            {
                // The buffer may hold a secret: clear it before the pool hands it to anyone else.
                ArrayPool<byte>.Shared.Return(blob.Buffer, clearArray: true);
                budget.Release(blob.Length);
            }
            reporter.BlobScanned();
        }
    }

    private static async Task StopOnFailure(Task stage, CancellationTokenSource stop)
    {
        try
        {
            await stage;
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }
}
