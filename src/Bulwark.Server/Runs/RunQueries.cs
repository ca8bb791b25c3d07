using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Runs;

/// <summary>The read side of runs for the API and the web pages.</summary>
internal sealed class RunQueries(BulwarkDbContext db)
{
    public const int MaxPage = 200;

    public async Task<List<RunSummary>> ListAsync(string project, int limit, CancellationToken cancellationToken) =>
        await db.Runs.AsNoTracking()
            .Where(r => r.Project!.Name == project)
            .OrderByDescending(r => r.Number)
            .Take(Math.Clamp(limit, 1, MaxPage))
            .Select(r => new RunSummary(r.Id, r.Project!.Name, r.Number, r.Status, r.Event, r.Ref, r.Commit, r.TriggeredBy, r.FromFork, r.Reason, r.CreatedAt, r.StartedAt, r.FinishedAt))
            .ToListAsync(cancellationToken);

    public async Task<RunDetails?> GetAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.Runs.AsNoTracking().AsSplitQuery()
            .Include(r => r.Project)
            .Include(r => r.Jobs).ThenInclude(j => j.Steps)
            .FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            return null;
        }
        var jobIds = run.Jobs.Select(j => j.Id).ToList();
        var gates = await db.GateReports.AsNoTracking().Where(g => jobIds.Contains(g.JobId))
            .Select(g => new { g.JobId, g.StepIndex, g.Gate, g.Passed }).ToListAsync(cancellationToken);
        var jobs = run.Jobs.OrderBy(j => j.Ordinal).Select(j => new JobDetails(
            j.Name, j.Status, j.NeedsList, j.Environment, j.Attempt, j.Reason, j.StartedAt, j.FinishedAt,
            j.Steps.OrderBy(s => s.Index).Select(s => new StepDetails(s.Index, s.Name, s.Status, s.ExitCode, s.StartedAt, s.FinishedAt)).ToList(),
            gates.Where(g => g.JobId == j.Id).OrderBy(g => g.StepIndex).Select(g => new GateSummary(g.StepIndex, g.Gate, g.Passed)).ToList())).ToList();
        return new RunDetails(Summary(run), jobs);
    }

    public Task<Guid?> JobIdAsync(Guid runId, string job, CancellationToken cancellationToken) =>
        db.RunJobs.AsNoTracking().Where(j => j.RunId == runId && j.Name == job).Select(j => (Guid?)j.Id).FirstOrDefaultAsync(cancellationToken);

    public Task<JobStatus?> JobStatusAsync(Guid jobId, CancellationToken cancellationToken) =>
        db.RunJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => (JobStatus?)j.Status).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The gate reports of one job, in step order, as the engines wrote them.</summary>
    public Task<List<GateReport>> GateReportsAsync(Guid jobId, CancellationToken cancellationToken) =>
        db.GateReports.AsNoTracking().Where(g => g.JobId == jobId).OrderBy(g => g.StepIndex).ToListAsync(cancellationToken);

    public static RunSummary Summary(PipelineRun r) =>
        new(r.Id, r.Project?.Name ?? "", r.Number, r.Status, r.Event, r.Ref, r.Commit, r.TriggeredBy, r.FromFork, r.Reason, r.CreatedAt, r.StartedAt, r.FinishedAt);
}
