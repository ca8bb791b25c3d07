using Bulwark.Runner.Jobs;
using Bulwark.Server.Runs;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Runners;

/// <summary>
/// The embedded runner's <see cref="IJobSession"/>: writes straight to the database through its own scope (the
/// runner calls it from one job's thread, one call at a time). Remote runners reach the same stores over the API.
/// </summary>
internal sealed class DatabaseJobSession(IServiceScopeFactory scopes, Guid jobId, TimeProvider time) : IJobSession
{
    /// <summary>A gate report larger than this is replaced by a note (the log keeps the summary).</summary>
    public const int MaxReportChars = 4 * 1024 * 1024;

    public async Task AppendLogAsync(ReadOnlyMemory<byte> maskedUtf8, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<JobLogStore>().AppendAsync(jobId, maskedUtf8, cancellationToken);
    }

    public Task StepStartedAsync(int index, string name, CancellationToken cancellationToken) =>
        SaveStepAsync(index, step =>
        {
            step.Name = name;
            step.Status = "running";
            step.StartedAt = time.GetUtcNow().UtcDateTime;
        }, name, cancellationToken);

    public Task StepFinishedAsync(int index, StepResult result, CancellationToken cancellationToken) =>
        SaveStepAsync(index, step =>
        {
            step.Status = result.Conclusion switch
            {
                StepConclusion.Succeeded => "succeeded",
                StepConclusion.Failed => "failed",
                StepConclusion.TimedOut => "timed_out",
                StepConclusion.Cancelled => "cancelled",
                _ => "skipped",
            };
            step.ExitCode = result.ExitCode;
            step.FinishedAt = time.GetUtcNow().UtcDateTime;
        }, $"step {index + 1}", cancellationToken);

    public async Task ReportGateAsync(int stepIndex, string gate, bool passed, string reportJson, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BulwarkDbContext>();
        db.GateReports.Add(new GateReport
        {
            Id = Guid.CreateVersion7(),
            JobId = jobId,
            StepIndex = stepIndex,
            Gate = gate.Length <= 64 ? gate : gate[..64],
            Passed = passed,
            ReportJson = reportJson.Length <= MaxReportChars ? reportJson : """{"truncated":true}""",
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task UploadArtifactAsync(string relativePath, string sha256Hex, long length, Stream content, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Artifacts.ArtifactStore>().SaveAsync(jobId, relativePath, sha256Hex, length, content, cancellationToken);
    }

    private async Task SaveStepAsync(int index, Action<RunJobStep> update, string name, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BulwarkDbContext>();
        var step = await db.RunJobSteps.FirstOrDefaultAsync(s => s.JobId == jobId && s.Index == index, cancellationToken);
        if (step is null)
        {
            step = new RunJobStep { JobId = jobId, Index = index, Name = name, Status = "pending" };
            db.RunJobSteps.Add(step);
        }
        update(step);
        if (step.Name.Length > 256)
        {
            step.Name = step.Name[..256];
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
