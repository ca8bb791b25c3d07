using Bulwark.Server.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bulwark.Server.Storage;

/// <summary>Which engine a connection string names, and how to register its context.</summary>
internal enum DatabaseKind
{
    Sqlite,
    Postgres,
}

/// <summary>Chooses the provider from <see cref="ServerOptions.Database"/> and registers <see cref="BulwarkDbContext"/>.</summary>
internal static class DatabaseProvider
{
    public static (DatabaseKind Kind, string ConnectionString) Detect(ServerOptions options)
    {
        var given = options.Database;
        if (string.IsNullOrWhiteSpace(given))
        {
            var path = Path.Combine(options.DataDirectory, ServerOptions.SqliteFileName);
            return (DatabaseKind.Sqlite, new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString());
        }
        try
        {
            if (given.Contains("Host=", StringComparison.OrdinalIgnoreCase))
            {
                _ = new NpgsqlConnectionStringBuilder(given);
                return (DatabaseKind.Postgres, given);
            }
            if (given.Contains("Data Source=", StringComparison.OrdinalIgnoreCase))
            {
                _ = new SqliteConnectionStringBuilder(given);
                return (DatabaseKind.Sqlite, given);
            }
        }
        catch (ArgumentException ex)
        {
            // The connection string may hold a password: name the setting, never echo the value.
            throw new ServerOptionsException($"database: the connection string is invalid ({ex.GetType().Name}); check its keywords");
        }
        throw new ServerOptionsException("database: expected an Npgsql connection string (Host=…;Database=…) or a SQLite one (Data Source=FILE)");
    }

    public static IServiceCollection AddBulwarkDatabase(this IServiceCollection services, ServerOptions options)
    {
        var (kind, connectionString) = Detect(options);
        if (kind == DatabaseKind.Postgres)
        {
            services.AddDbContextPool<PostgresBulwarkDbContext>((s, o) => WithCacheInvalidation(s, o.UseNpgsql(connectionString)));
            services.AddScoped<BulwarkDbContext>(s => s.GetRequiredService<PostgresBulwarkDbContext>());
        }
        else
        {
            services.AddDbContextPool<SqliteBulwarkDbContext>((s, o) => WithCacheInvalidation(s, o.UseSqlite(connectionString)));
            services.AddScoped<BulwarkDbContext>(s => s.GetRequiredService<SqliteBulwarkDbContext>());
        }
        return services;
    }

    /// <summary>The server's caches learn of committed changes from its contexts (offline commands have no caches).</summary>
    private static void WithCacheInvalidation(IServiceProvider services, DbContextOptionsBuilder options)
    {
        if (services.GetService<CacheInvalidation>() is { } invalidation)
        {
            options.AddInterceptors(invalidation);
        }
    }

    /// <summary>A context outside dependency injection, for offline commands (audit verify, admin create-user).</summary>
    public static BulwarkDbContext Open(ServerOptions options)
    {
        var (kind, connectionString) = Detect(options);
        return kind == DatabaseKind.Postgres
            ? new PostgresBulwarkDbContext(new DbContextOptionsBuilder<PostgresBulwarkDbContext>().UseNpgsql(connectionString).Options)
            : new SqliteBulwarkDbContext(new DbContextOptionsBuilder<SqliteBulwarkDbContext>().UseSqlite(connectionString).Options);
    }
}
