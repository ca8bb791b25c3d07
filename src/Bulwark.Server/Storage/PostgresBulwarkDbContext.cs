using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Storage;

/// <summary>PostgreSQL, chosen by a <c>Host=…</c> connection string.</summary>
internal sealed class PostgresBulwarkDbContext(DbContextOptions<PostgresBulwarkDbContext> options) : BulwarkDbContext(options);
