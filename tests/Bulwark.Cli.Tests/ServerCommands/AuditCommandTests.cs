using System.Text.Json;
using Bulwark.Server.Audit;
using Bulwark.Server.Configuration;
using Bulwark.Server.Identity;
using Bulwark.Server.Operations;
using Bulwark.Server.Storage;
using Bulwark.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bulwark.Cli.Tests.ServerCommands;

/// <summary>
/// <c>bulwark audit verify|export</c> run in-process on a data directory the server's own services filled
/// (SQLite in the directory, or PostgreSQL through --database), then tampered with through raw SQL.
/// </summary>
public abstract class AuditCommandTests(bool postgres) : IAsyncLifetime
{
    private readonly TempDirectory _data = new("bulwark-cli-audit-");
    private string? _database;
    private string? _databaseName;

    public async Task InitializeAsync()
    {
        if (postgres)
        {
            var admin = Environment.GetEnvironmentVariable("BULWARK_TEST_POSTGRES")
                ?? throw new InvalidOperationException("BULWARK_TEST_POSTGRES is not set: PostgreSQL tests need a throwaway server");
            _databaseName = "bulwark_cli_" + Guid.NewGuid().ToString("N")[..16];
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_databaseName}\"", connection);
                await create.ExecuteNonQueryAsync();
            }
            _database = new NpgsqlConnectionStringBuilder(admin) { Database = _databaseName }.ConnectionString;
        }
        await using var services = await OfflineServices.CreateAsync(Options, CancellationToken.None);
        await using var scope = services.CreateAsyncScope();
        (await UserAccounts.CreateAsync(scope.ServiceProvider, "root", "violet-harbour-lantern-42", true, null, "cli", null, CancellationToken.None)).Errors.ShouldBeEmpty();
        var db = scope.ServiceProvider.GetRequiredService<BulwarkDbContext>();
        foreach (var setting in new[] { "a", "b", "c" })
        {
            await services.GetRequiredService<AuditLog>().AppendAsync(db, new AuditEvent(AuditActions.SettingChanged) { ActorName = "root", Target = "setting:" + setting }, CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        if (_databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("BULWARK_TEST_POSTGRES"));
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        _data.Dispose();
    }

    private ServerOptions Options => new() { DataDirectory = _data.Path, Database = _database };

    [Fact]
    public async Task Verify_passes_an_intact_log_with_exit_0()
    {
        var (code, stdout, stderr) = await RunAsync("audit", "verify");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("INTACT: 4 entries (hashes and seals checked, head anchor checked)");
        var (jsonCode, json, _) = await RunAsync("audit", "verify", "--format", "json");
        jsonCode.ShouldBe(0);
        JsonDocument.Parse(json).RootElement.GetProperty("valid").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [InlineData("""UPDATE "AuditEntries" SET "Target" = 'setting:z' WHERE "Sequence" = 2""", 2, "modified")]
    [InlineData("""DELETE FROM "AuditEntries" WHERE "Sequence" = 3""", 3, "missing")]
    [InlineData("""DELETE FROM "AuditEntries" WHERE "Sequence" = 4""", 4, "newest entries were deleted")]
    public async Task Verify_names_the_first_bad_entry_with_exit_1(string tamper, long bad, string reason)
    {
        await using (var db = DatabaseProvider.Open(Options))
        {
            await db.Database.ExecuteSqlRawAsync(tamper);
        }
        var (code, stdout, _) = await RunAsync("audit", "verify");
        code.ShouldBe(1);
        stdout.ShouldContain($"TAMPERED: first bad entry {bad}:");
        stdout.ShouldContain(reason);
        var (_, json, _) = await RunAsync("audit", "verify", "--format", "json");
        JsonDocument.Parse(json).RootElement.GetProperty("firstBadSequence").GetInt64().ShouldBe(bad);
    }

    [Fact]
    public async Task Verify_without_the_master_key_checks_the_chain_and_says_so()
    {
        File.Delete(Path.Combine(_data.Path, ServerOptions.MasterKeyFileName));
        var (code, stdout, stderr) = await RunAsync("audit", "verify");
        code.ShouldBe(0);
        stdout.ShouldContain("seals NOT checked");
        stderr.ShouldContain("only the hash chain");
        File.Exists(Path.Combine(_data.Path, ServerOptions.MasterKeyFileName)).ShouldBeFalse();
    }

    [Fact]
    public async Task Export_writes_one_json_object_per_entry_to_a_file()
    {
        var file = Path.Combine(_data.Path, "audit.jsonl");
        var (code, stdout, _) = await RunAsync("audit", "export", "--since", "2000-01-01", "--output", file);
        code.ShouldBe(0);
        stdout.ShouldBeEmpty();
        var lines = await File.ReadAllLinesAsync(file);
        lines.Length.ShouldBe(4);
        var entry = JsonDocument.Parse(lines[1]).RootElement;
        entry.GetProperty("sequence").GetInt64().ShouldBe(2);
        entry.GetProperty("action").GetString().ShouldBe(AuditActions.SettingChanged);
        entry.GetProperty("outcome").GetString().ShouldBe("success");
        entry.GetProperty("actor").GetString().ShouldBe("root");
        entry.GetProperty("target").GetString().ShouldBe("setting:a");
        entry.GetProperty("details").ValueKind.ShouldBe(JsonValueKind.Object);
        entry.GetProperty("timestamp").GetString()!.ShouldEndWith("Z");
        entry.GetProperty("previousHash").GetString().ShouldBe(JsonDocument.Parse(lines[0]).RootElement.GetProperty("hash").GetString());
    }

    [Fact]
    public async Task Export_to_standard_output_honours_the_time_window()
    {
        (await RunAsync("audit", "export", "--since", "2999-01-01")).Stdout.ShouldBeEmpty();
        (await RunAsync("audit", "export", "--until", "2999-01-01")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(4);
    }

    [Theory]
    [InlineData("audit", "export", "--since", "last-tuesday")]
    [InlineData("audit", "verify", "--format", "xml")]
    public async Task Bad_usage_exits_2(params string[] args) => (await RunAsync(args)).ExitCode.ShouldBe(2);

    [Fact]
    public async Task A_missing_data_directory_is_a_usage_error()
    {
        var (code, _, stderr) = await CliRun.InProcess("--data-dir", Path.Combine(_data.Path, "nowhere"), "audit", "verify");
        code.ShouldBe(2);
        stderr.ShouldContain("no data directory");
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        string[] database = _database is null ? [] : ["--database", _database];
        return CliRun.InProcess(["--data-dir", _data.Path, .. args, .. database]);
    }
}

public sealed class SqliteAuditCommandTests() : AuditCommandTests(postgres: false);

public sealed class PostgresAuditCommandTests() : AuditCommandTests(postgres: true);
