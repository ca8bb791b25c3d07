using System.Globalization;
using System.Security.Cryptography;
using Bulwark.Integrity.Provenance;
using Bulwark.Server.Blobs;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Artifacts;

/// <summary>
/// Signs SLSA v1 provenance for a finished run's artifacts: one subject per artifact, named <c>{job}/{path}</c> with
/// its SHA-256; the builder is this server (<see cref="BuilderId"/>), the source the project's repository at the
/// run's ref and commit, the invocation id the run id. The Sigstore bundle is stored as a blob and its digest
/// recorded in <see cref="Runs.PipelineRun.ProvenanceSha256"/> (a column rather than an artifact row: the bundle
/// belongs to the run, not to a job, and must not appear among its own subjects or count against the caps).
/// </summary>
internal sealed class RunProvenance(BulwarkDbContext db, BlobStore blobs, ProvenanceKey key, TimeProvider time)
{
    /// <summary>The SLSA builder id for runs of this server (<c>--builder-id</c> of <c>bulwark verify-attestation</c>).</summary>
    public const string BuilderId = "https://bulwark.dev/server";

    private const long MaxBundleBytes = 16 * 1024 * 1024;

    /// <summary>Writes the provenance once: nothing when the run has no artifacts or already has provenance.</summary>
    public async Task WriteAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == runId)
            .Select(r => new { r.Ref, r.Commit, r.ProvenanceSha256, r.CreatedAt, r.StartedAt, r.FinishedAt, r.Project!.RepositoryUrl })
            .FirstOrDefaultAsync(cancellationToken);
        if (run is null || run.ProvenanceSha256 is not null)
        {
            return;
        }
        var artifacts = await db.RunArtifacts.AsNoTracking().Where(a => a.RunId == runId)
            .Join(db.RunJobs, a => a.JobId, j => j.Id, (a, j) => new { Job = j.Name, a.Path, a.Sha256 })
            .ToListAsync(cancellationToken);
        if (artifacts.Count == 0)
        {
            return;
        }
        // Ordinal order in memory: the bundle must not depend on the database's collation.
        var subjects = artifacts.Select(a => new ProvenanceSubject($"{a.Job}/{a.Path}", Convert.FromHexString(a.Sha256)))
            .OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var source = new ProvenanceSource(SourceUri(run.RepositoryUrl, run.Ref), new Dictionary<string, string>
        {
            ["gitCommit"] = run.Commit,
            ["sha1"] = run.Commit,
        });
        var statement = new ProvenanceStatement(subjects, ProvenanceStatement.DefaultBuildType, source, BuilderId,
            runId.ToString("D", CultureInfo.InvariantCulture), new DateTimeOffset(run.StartedAt ?? run.CreatedAt, TimeSpan.Zero),
            run.FinishedAt is { } finished ? new DateTimeOffset(finished, TimeSpan.Zero) : time.GetUtcNow());
        var bundle = key.Attest(statement);
        var digest = Convert.ToHexStringLower(SHA256.HashData(bundle));
        await blobs.PutAsync(new MemoryStream(bundle, writable: false), digest, bundle.Length, MaxBundleBytes, cancellationToken);
        // Conditional update: a concurrent writer's bundle (same run, other timestamps) is kept if it was first.
        await db.Runs.Where(r => r.Id == runId && r.ProvenanceSha256 == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ProvenanceSha256, digest), cancellationToken);
    }

    /// <summary>
    /// SLSA's git source form, <c>git+URL@REF</c>; scp-like <c>user@host:path</c> becomes <c>git+ssh://user@host/path</c>.
    /// </summary>
    public static string SourceUri(string repositoryUrl, string gitRef)
    {
        var url = repositoryUrl;
        if (!url.Contains("://", StringComparison.Ordinal) && url.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
        {
            url = $"ssh://{url[..colon]}/{url[(colon + 1)..].TrimStart('/')}";
        }
        return $"git+{url}@{gitRef}";
    }
}
