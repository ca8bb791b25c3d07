using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Artifacts;

/// <summary>A run's artifacts as the API and the run pages list them: in job order, then by path.</summary>
internal static class ArtifactListing
{
    public static async Task<List<ArtifactResponse>> ForRunAsync(BulwarkDbContext db, Guid runId, CancellationToken cancellationToken)
    {
        var rows = await db.RunArtifacts.AsNoTracking().Where(a => a.RunId == runId)
            .Join(db.RunJobs, a => a.JobId, j => j.Id, (a, j) => new { j.Ordinal, Job = j.Name, a.Path, a.Sha256, a.Length })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Ordinal).ThenBy(r => r.Path, StringComparer.Ordinal)
            .Select(r => new ArtifactResponse(r.Job, r.Path, r.Sha256, r.Length)).ToList();
    }
}
