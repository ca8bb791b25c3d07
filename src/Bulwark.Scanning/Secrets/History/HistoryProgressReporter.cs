namespace Bulwark.Scanning.Secrets.History;

/// <summary>
/// Counts commits and blobs from the lister and the workers, and reports every 256th event so a progress bar
/// costs nothing measurable. Reports are serialised: hosts' progress handlers need not be thread-safe.
/// </summary>
internal sealed class HistoryProgressReporter(IProgress<GitHistoryProgress>? progress)
{
    private const int Every = 256;

    private readonly Lock _gate = new();
    private long _commits;
    private long _listed;
    private long _scanned;

    public long Commits => Interlocked.Read(ref _commits);
    public long Scanned => Interlocked.Read(ref _scanned);

    public void CommitListed()
    {
        if (Interlocked.Increment(ref _commits) % Every == 0)
        {
            Report();
        }
    }

    public void BlobListed() => Interlocked.Increment(ref _listed);

    public void BlobScanned()
    {
        if (Interlocked.Increment(ref _scanned) % Every == 0)
        {
            Report();
        }
    }

    public void Report()
    {
        if (progress is null)
        {
            return;
        }
        lock (_gate)
        {
            progress.Report(new GitHistoryProgress(Commits, Interlocked.Read(ref _listed), Scanned));
        }
    }
}
