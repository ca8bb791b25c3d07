using System.Text.Json;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Audit;

/// <summary>
/// Writes entries as JSON Lines (one <see cref="AuditRecord"/> per line, oldest first), streaming rows from the
/// database so a log of any length is exported in constant memory.
/// </summary>
internal static class AuditExport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Returns the number of entries written.</summary>
    public static async Task<long> WriteAsync(BulwarkDbContext db, AuditFilter filter, TextWriter output, CancellationToken cancellationToken)
    {
        long count = 0;
        var rows = filter.Apply(db).AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable();
        await foreach (var entry in rows.WithCancellation(cancellationToken))
        {
            await output.WriteAsync(JsonSerializer.Serialize(AuditRecord.From(entry), Json));
            await output.WriteAsync('\n');
            count++;
        }
        await output.FlushAsync(cancellationToken);
        return count;
    }
}
