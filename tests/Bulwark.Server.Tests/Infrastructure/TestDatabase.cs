using Bulwark.Server.Storage;
using Npgsql;

namespace Bulwark.Server.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for one server under test: a SQLite file in the data directory, or a new database on
/// the PostgreSQL server named by <c>BULWARK_TEST_POSTGRES</c> (test.sh starts one on loopback). Without that
/// variable PostgreSQL tests fail, never skip: a missing service must be visible.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "BULWARK_TEST_POSTGRES";
    private readonly string? _adminConnectionString;
    private readonly string? _databaseName;

    private TestDatabase(DatabaseKind kind, string? connectionString, string? adminConnectionString, string? databaseName)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _adminConnectionString = adminConnectionString;
        _databaseName = databaseName;
    }

    public DatabaseKind Kind { get; }

    /// <summary>Null for SQLite: the server's embedded default in its data directory.</summary>
    public string? ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind)
    {
        if (kind == DatabaseKind.Sqlite)
        {
            return new TestDatabase(kind, null, null, null);
        }
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests through ./test.sh, which starts a throwaway PostgreSQL on loopback, or point it at one (Host=127.0.0.1;Port=…;Username=postgres)");
        }
        var name = "bulwark_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(kind, builder.ConnectionString, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_adminConnectionString is null)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
