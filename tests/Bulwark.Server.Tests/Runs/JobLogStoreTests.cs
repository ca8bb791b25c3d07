using System.Text;
using Bulwark.Server.Runs;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;

namespace Bulwark.Server.Tests.Runs;

/// <summary>The stored log of a job against a real database, read while the job's end archives it.</summary>
public abstract class JobLogStoreTests(Provider provider) : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        using var admin = _server.Client(await _server.CreateTokenAsync("root"));
        await admin.CreateProjectAsync("ml-api");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_read_racing_the_archiving_sees_the_whole_log_never_an_empty_one()
    {
        for (var round = 0; round < 25; round++)
        {
            await _server.CreateRunAsync("ml-api", "on: { manual: {} }\njobs:\n  train: { steps: [ { run: make } ] }\n");
            var lease = (await _server.LeaseAsync("r")).ShouldNotBeNull();
            await _server.WithDatabaseAsync(async db =>
            {
                var store = new JobLogStore(db);
                for (var line = 0; line < 20; line++)
                {
                    await store.AppendAsync(lease.JobId, Encoding.UTF8.GetBytes($"line {line}\n"), CancellationToken.None);
                }
                return 0;
            });
            var expected = string.Concat(Enumerable.Range(0, 20).Select(l => $"line {l}\n"));

            var archiving = _server.WithDatabaseAsync(async db =>
            {
                await new JobLogStore(db).ArchiveAsync(lease.JobId, CancellationToken.None);
                return 0;
            });
            var reads = new List<string>();
            while (!archiving.IsCompleted)
            {
                reads.Add(await _server.WithDatabaseAsync(async db => Encoding.UTF8.GetString(await new JobLogStore(db).ReadAsync(lease.JobId, CancellationToken.None))));
            }
            await archiving;
            reads.Add(await _server.WithDatabaseAsync(async db => Encoding.UTF8.GetString(await new JobLogStore(db).ReadAsync(lease.JobId, CancellationToken.None))));

            reads.ShouldAllBe(r => r == expected, $"round {round}");
            await _server.CompleteAsync(lease, "r", Bulwark.Runner.Jobs.JobConclusion.Succeeded);
        }
    }
}

public sealed class SqliteJobLogStoreTests() : JobLogStoreTests(Provider.Sqlite);

public sealed class PostgresJobLogStoreTests() : JobLogStoreTests(Provider.Postgres);
