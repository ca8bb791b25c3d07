using Bulwark.Server.Audit;
using Bulwark.Server.Configuration;
using Bulwark.Server.Storage;
using Bulwark.Server.Tests.Infrastructure;
using Bulwark.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Audit;

/// <summary>
/// Several server processes on one PostgreSQL database, modelled as separate <see cref="AuditLog"/> instances
/// (each with its own lock) appending at once: the chain must stay whole, gap-free and verifiable.
/// </summary>
public sealed class PostgresAuditConcurrencyTests : IAsyncLifetime
{
    private const int Writers = 4;
    private const int AppendsPerWriter = 25;
    private readonly TempDirectory _dataDirectory = new("bulwark-audit-");
    private TestDatabase _database = null!;
    private ServerOptions _options = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseKind.Postgres);
        _options = new ServerOptions { DataDirectory = _dataDirectory.Path, Database = _database.ConnectionString };
        await using var db = DatabaseProvider.Open(_options);
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _dataDirectory.Dispose();
    }

    [Fact]
    public async Task Parallel_appends_from_several_servers_keep_one_gap_free_chain()
    {
        var key = MasterKey.LoadOrCreate(_dataDirectory.Path, _ => null);
        var writers = Enumerable.Range(1, Writers).Select(writer => Task.Run(async () =>
        {
            var log = new AuditLog(TimeProvider.System, key, _options);
            for (var i = 0; i < AppendsPerWriter; i++)
            {
                await using var db = DatabaseProvider.Open(_options);
                await log.AppendAsync(db, new AuditEvent(AuditActions.SettingChanged) { Target = $"writer:{writer}:{i}" }, CancellationToken.None);
            }
        }));
        await Task.WhenAll(writers);

        await using var check = DatabaseProvider.Open(_options);
        var sequences = await check.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
        sequences.ShouldBe(Enumerable.Range(1, Writers * AppendsPerWriter).Select(n => (long)n));
        var verdict = await new AuditLog(TimeProvider.System, key, _options).VerifyAsync(check, CancellationToken.None);
        verdict.Valid.ShouldBeTrue(verdict.Problem);
        verdict.HeadChecked.ShouldBeTrue();
    }
}
