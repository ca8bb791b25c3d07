using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Storage;

/// <summary>The embedded default: one SQLite file in the data directory.</summary>
internal sealed class SqliteBulwarkDbContext(DbContextOptions<SqliteBulwarkDbContext> options) : BulwarkDbContext(options);
