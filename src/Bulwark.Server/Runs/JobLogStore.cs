using System.Data;
using System.IO.Compression;
using System.Text;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Runs;

/// <summary>
/// Job logs: appended as chunks while the job runs (every server instance can read them for live streaming), then
/// compressed into one archive row when it ends. Text arrives already masked by the runner.
/// </summary>
internal sealed class JobLogStore(BulwarkDbContext db)
{
    /// <summary>Hard cap per job on the server side, whatever a (possibly hostile) remote runner sends.</summary>
    public const long MaxBytesPerJob = 64L * 1024 * 1024;

    public async Task AppendAsync(Guid jobId, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty)
        {
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            var last = await db.JobLogChunks.Where(c => c.JobId == jobId)
                .GroupBy(c => c.JobId)
                .Select(g => new { Sequence = g.Max(c => c.Sequence), Bytes = g.Sum(c => (long)c.Data.Length) })
                .FirstOrDefaultAsync(cancellationToken);
            if (last is not null && last.Bytes >= MaxBytesPerJob)
            {
                return;
            }
            var chunk = new JobLogChunk { JobId = jobId, Sequence = (last?.Sequence ?? 0) + 1, Data = data.ToArray() };
            db.JobLogChunks.Add(chunk);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Two writers took the same sequence number (the runner and a server notice): try the next one.
            }
            finally
            {
                db.Entry(chunk).State = EntityState.Detached;
            }
        }
    }

    public Task AppendLineAsync(Guid jobId, string line, CancellationToken cancellationToken) =>
        AppendAsync(jobId, Encoding.UTF8.GetBytes(line + "\n"), cancellationToken);

    /// <summary>Chunks after <paramref name="afterSequence"/>, in order, for live streaming.</summary>
    public Task<List<JobLogChunk>> ChunksAfterAsync(Guid jobId, int afterSequence, CancellationToken cancellationToken) =>
        db.JobLogChunks.AsNoTracking().Where(c => c.JobId == jobId && c.Sequence > afterSequence)
            .OrderBy(c => c.Sequence).Take(256).ToListAsync(cancellationToken);

    /// <summary>The whole log so far: the archive (if the job ended) followed by any chunks not yet archived.</summary>
    public async Task<byte[]> ReadAsync(Guid jobId, CancellationToken cancellationToken)
    {
        // One snapshot for both reads: an archiving that commits between them would move the chunks into an archive
        // this reader has already looked for, and the log would read as empty.
        await using var snapshot = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken)
            : null;
        using var output = new MemoryStream();
        if (await db.JobLogs.AsNoTracking().FirstOrDefaultAsync(a => a.JobId == jobId, cancellationToken) is { } archive)
        {
            await using var gzip = new GZipStream(new MemoryStream(archive.Compressed), CompressionMode.Decompress);
            await gzip.CopyToAsync(output, cancellationToken);
        }
        foreach (var chunk in await db.JobLogChunks.AsNoTracking().Where(c => c.JobId == jobId).OrderBy(c => c.Sequence).ToListAsync(cancellationToken))
        {
            output.Write(chunk.Data);
        }
        return output.ToArray();
    }

    /// <summary>Compresses the job's chunks into its archive (appending to an earlier attempt's) and deletes them.</summary>
    public async Task ArchiveAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var whole = await ReadAsync(jobId, cancellationToken);
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(whole, cancellationToken);
        }
        await db.JobLogs.Where(a => a.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
        db.JobLogs.Add(new JobLogArchive { JobId = jobId, Compressed = compressed.ToArray(), Length = whole.Length });
        await db.SaveChangesAsync(cancellationToken);
        await db.JobLogChunks.Where(c => c.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
