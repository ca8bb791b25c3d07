using Bulwark.Runner.Jobs;
using Bulwark.Server.Pipelines;
using Bulwark.Server.Runs;
using Bulwark.Server.Storage;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Tests.Runs;

/// <summary>Shortcuts for queue tests: create runs from a definition and drive the queue as runners would.</summary>
internal static class RunTestData
{
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    public static RunTrigger Manual(string branch = "main") => new(RunTrigger.Manual, "refs/heads/" + branch, Commit, "tester");

    public static async Task<PipelineRun> CreateRunAsync(this TestServer server, string project, string definition, RunTrigger? trigger = null)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BulwarkDbContext>();
        var entity = await db.Projects.SingleAsync(p => p.Name == project);
        var creation = await scope.ServiceProvider.GetRequiredService<RunCreator>().CreateAsync(entity, trigger ?? Manual(), definition, CancellationToken.None);
        return creation.Run ?? throw new InvalidOperationException("no run: " + creation.NotTriggeredBecause);
    }

    public static async Task<T> WithQueueAsync<T>(this TestServer server, Func<JobQueue, Task<T>> action)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<JobQueue>());
    }

    public static Task<JobLease?> LeaseAsync(this TestServer server, string runner, params string[] labels) =>
        server.WithQueueAsync(q => q.LeaseAsync(runner, labels.Length == 0 ? ["embedded"] : labels, CancellationToken.None));

    public static Task<bool> CompleteAsync(this TestServer server, JobLease lease, string runner, JobConclusion conclusion) =>
        server.WithQueueAsync(q => q.CompleteAsync(lease.JobId, runner, new JobResult(conclusion, null), CancellationToken.None));

    public static async Task<(RunStatus Run, Dictionary<string, JobStatus> Jobs)> StateAsync(this TestServer server, Guid runId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BulwarkDbContext>();
        var run = await db.Runs.AsNoTracking().Include(r => r.Jobs).SingleAsync(r => r.Id == runId);
        return (run.Status, run.Jobs.ToDictionary(j => j.Name, j => j.Status));
    }
}
