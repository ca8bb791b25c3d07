using Bulwark.Server.Blobs;
using Bulwark.Server.Runs;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Artifacts;

/// <summary>
/// Records a job's artifacts: checks the path and the run's caps, stores the content in the blob store (which checks
/// the declared digest and length), then adds the row. A job uploading the same path again (a retried attempt)
/// replaces its earlier entry. Uploads to a finished run are refused: its provenance is already signed.
/// Callers authenticate the job (embedded runner, or a remote runner's per-job token) before calling. The caps are
/// checked before the insert, not in one transaction with it: jobs of one run uploading at the same moment can each
/// pass the check, so a run can overshoot by at most one file per concurrent job.
/// </summary>
internal sealed class ArtifactStore(BulwarkDbContext db, BlobStore blobs, TimeProvider time)
{
    public ArtifactLimits Limits { get; init; } = ArtifactLimits.Default;

    /// <exception cref="ArtifactRejectedException">The upload was refused; nothing was recorded.</exception>
    public async Task SaveAsync(Guid jobId, string relativePath, string sha256Hex, long length, Stream content, CancellationToken cancellationToken)
    {
        if (ArtifactPath.Problem(relativePath) is { } problem)
        {
            throw new ArtifactRejectedException(problem);
        }
        var digest = BlobDigests.Normalize(sha256Hex) ?? throw new ArtifactRejectedException($"artifact '{relativePath}': the SHA-256 must be 64 hex digits");
        if (length < 0 || length > Limits.MaxFileBytes)
        {
            throw new ArtifactRejectedException($"artifact '{relativePath}' is {length} bytes; a file may hold 0 to {Limits.MaxFileBytes} bytes");
        }
        var job = await db.RunJobs.AsNoTracking().Where(j => j.Id == jobId)
            .Select(j => new { j.RunId, RunStatus = j.Run!.Status }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new ArtifactRejectedException("the job does not exist");
        if (job.RunStatus is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled)
        {
            throw new ArtifactRejectedException($"artifact '{relativePath}': the run has finished and its provenance is written");
        }
        var existing = await db.RunArtifacts.FirstOrDefaultAsync(a => a.JobId == jobId && a.Path == relativePath, cancellationToken);
        var totals = await db.RunArtifacts.Where(a => a.RunId == job.RunId).GroupBy(a => a.RunId)
            .Select(g => new { Files = g.Count(), Bytes = g.Sum(a => a.Length) }).FirstOrDefaultAsync(cancellationToken);
        var files = (totals?.Files ?? 0) - (existing is null ? 0 : 1);
        var bytes = (totals?.Bytes ?? 0) - (existing?.Length ?? 0);
        if (files >= Limits.MaxFilesPerRun)
        {
            throw new ArtifactRejectedException($"artifact '{relativePath}': the run already holds {files} artifacts, the limit is {Limits.MaxFilesPerRun}");
        }
        if (bytes + length > Limits.MaxBytesPerRun)
        {
            throw new ArtifactRejectedException($"artifact '{relativePath}': the run's artifacts would exceed {Limits.MaxBytesPerRun} bytes");
        }
        try
        {
            await blobs.PutAsync(content, digest, length, Limits.MaxFileBytes, cancellationToken);
        }
        catch (BlobRejectedException ex)
        {
            throw new ArtifactRejectedException($"artifact '{relativePath}': {ex.Message}", ex);
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (existing is null)
        {
            db.RunArtifacts.Add(new RunArtifact { Id = Guid.NewGuid(), RunId = job.RunId, JobId = jobId, Path = relativePath, Sha256 = digest, Length = length, CreatedAt = now });
        }
        else
        {
            existing.Sha256 = digest;
            existing.Length = length;
            existing.CreatedAt = now;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            throw new ArtifactRejectedException($"artifact '{relativePath}' was uploaded twice at the same time; upload it once", ex);
        }
    }
}
