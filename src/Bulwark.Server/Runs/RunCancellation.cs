using Bulwark.Server.Audit;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Runs;

/// <summary>A person's request to cancel a run, from the API or the run page: queued in the database and audited the same way.</summary>
internal sealed class RunCancellation(JobQueue queue, AuditLog audit, BulwarkDbContext db)
{
    /// <summary>Requests the cancellation as the signed-in actor; false when the run is missing, finished or already being cancelled.</summary>
    public async Task<bool> CancelAsync(HttpContext http, Guid runId, CancellationToken cancellationToken)
    {
        if (!await queue.CancelAsync(runId, AuditActor.Name(http), cancellationToken))
        {
            return false;
        }
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => new { Project = r.Project!.Name, r.Number }).FirstAsync(cancellationToken);
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.RunCancelled, $"project:{run.Project}/run:{run.Number}"), cancellationToken);
        return true;
    }
}
