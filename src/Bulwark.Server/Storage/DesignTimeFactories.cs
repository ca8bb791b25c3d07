using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bulwark.Server.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context (scripts/regenerate-migrations.sh).</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBulwarkDbContext>
{
    public SqliteBulwarkDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteBulwarkDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>The PostgreSQL twin of <see cref="SqliteDesignTimeFactory"/>; no server is contacted.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBulwarkDbContext>
{
    public PostgresBulwarkDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresBulwarkDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
