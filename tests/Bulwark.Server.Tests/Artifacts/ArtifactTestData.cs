using System.Security.Cryptography;
using Bulwark.Server.Artifacts;
using Bulwark.Server.Blobs;
using Bulwark.Server.Runs;
using Bulwark.Server.Storage;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Tests.Artifacts;

/// <summary>A run with jobs written straight to the database, and artifact uploads the way the embedded runner's session makes them.</summary>
internal static class ArtifactTestData
{
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    public static Task<(Guid RunId, Dictionary<string, Guid> Jobs)> SeedRunAsync(this TestServer server, string project, params string[] jobs) =>
        server.WithDatabaseAsync(async db =>
        {
            var projectId = await db.Projects.Where(p => p.Name == project).Select(p => p.Id).SingleAsync();
            var number = await db.Runs.CountAsync(r => r.ProjectId == projectId) + 1;
            var run = new PipelineRun
            {
                Id = Guid.NewGuid(), ProjectId = projectId, Number = number, Status = RunStatus.Running, Event = "push", Ref = "refs/heads/main",
                Commit = Commit, TriggeredBy = "test", CreatedAt = new DateTime(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc),
                StartedAt = new DateTime(2026, 11, 29, 10, 0, 1, DateTimeKind.Utc),
            };
            var ids = new Dictionary<string, Guid>();
            for (var i = 0; i < jobs.Length; i++)
            {
                var job = new RunJob { Id = Guid.NewGuid(), Name = jobs[i], Ordinal = i, Status = JobStatus.Running };
                run.Jobs.Add(job);
                ids[jobs[i]] = job.Id;
            }
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            return (run.Id, ids);
        });

    public static async Task SaveArtifactAsync(this TestServer server, Guid jobId, string path, byte[] content, ArtifactLimits? limits = null, string? declaredSha256 = null)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var store = limits is null
            ? services.GetRequiredService<ArtifactStore>()
            : new ArtifactStore(services.GetRequiredService<BulwarkDbContext>(), services.GetRequiredService<BlobStore>(), services.GetRequiredService<TimeProvider>()) { Limits = limits };
        await store.SaveAsync(jobId, path, declaredSha256 ?? Sha256(content), content.Length, new MemoryStream(content), CancellationToken.None);
    }

    public static Task FinishRunAsync(this TestServer server, Guid runId) =>
        server.WithDatabaseAsync(db => db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, RunStatus.Succeeded)
            .SetProperty(r => r.FinishedAt, new DateTime(2026, 11, 29, 10, 5, 0, DateTimeKind.Utc))));

    public static async Task WriteProvenanceAsync(this TestServer server, Guid runId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RunProvenance>().WriteAsync(runId, CancellationToken.None);
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
