using Bulwark.Server.Artifacts;
using Bulwark.Server.Runs;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Web.Pages.Runs;

/// <summary>A run as its page shows it: the API's view plus what only the page needs.</summary>
internal sealed record RunPageRun(RunDetails Details, int? PullRequest, DateTime? CancelRequestedAt, string? CancelRequestedBy, string? ProvenanceSha256)
{
    public RunSummary Run => Details.Run;
}

/// <summary>
/// The run pages' reads: a run found by its project and number (people's address for it), its gate reports and its
/// artifacts. Everything else comes from <see cref="RunQueries"/>, which the API uses too.
/// </summary>
internal sealed class RunPageQueries(BulwarkDbContext db, RunQueries runs)
{
    public async Task<RunPageRun?> FindAsync(string project, int number, CancellationToken cancellationToken)
    {
        var row = await db.Runs.AsNoTracking().Where(r => r.Project!.Name == project && r.Number == number)
            .Select(r => new { r.Id, r.PullRequest, r.CancelRequestedAt, r.CancelRequestedBy, r.ProvenanceSha256 })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null || await runs.GetAsync(row.Id, cancellationToken) is not { } details)
        {
            return null;
        }
        return new RunPageRun(details, row.PullRequest, row.CancelRequestedAt, row.CancelRequestedBy, row.ProvenanceSha256);
    }

    /// <summary>The run's gate reports by job name, in step order.</summary>
    public async Task<ILookup<string, GateReport>> GateReportsAsync(Guid runId, CancellationToken cancellationToken)
    {
        var rows = await db.GateReports.AsNoTracking()
            .Join(db.RunJobs.Where(j => j.RunId == runId), g => g.JobId, j => j.Id, (g, j) => new { j.Name, Report = g })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Report.StepIndex).ToLookup(r => r.Name, r => r.Report, StringComparer.Ordinal);
    }

    /// <summary>The run's artifacts in job order, then by path (as <c>GET /api/v1/runs/{runId}/artifacts</c> lists them).</summary>
    public Task<List<ArtifactResponse>> ArtifactsAsync(Guid runId, CancellationToken cancellationToken) =>
        ArtifactListing.ForRunAsync(db, runId, cancellationToken);
}
