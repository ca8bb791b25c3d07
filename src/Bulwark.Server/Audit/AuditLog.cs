using Bulwark.Server.Configuration;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Audit;

/// <summary>
/// Appends to the hash chain. <see cref="AppendAsync"/> saves the caller's pending changes and the new entry in
/// one transaction, so a change and its audit entry are stored together or not at all. Appends are serialised
/// in this process by a lock; between processes (several servers on one PostgreSQL) the primary key on
/// <see cref="AuditEntry.Sequence"/> refuses a second entry n, and the loser re-reads the head and retries.
/// </summary>
internal sealed class AuditLog(TimeProvider time, MasterKey masterKey)
{
    private const int MaxAttempts = 5;
    private static readonly byte[] GenesisHash = new byte[32];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly byte[] _sealKey = masterKey.Derive(SealPurpose);

    public const string SealPurpose = "audit-seal";

    public async Task<AuditEntry> AppendAsync(BulwarkDbContext db, AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
                    .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
                var entry = new AuditEntry
                {
                    Sequence = (head?.Sequence ?? 0) + 1,
                    Timestamp = AuditCanonicalForm.Truncate(time.GetUtcNow().UtcDateTime),
                    Action = auditEvent.Action,
                    Outcome = auditEvent.Succeeded ? "success" : "failure",
                    ActorId = auditEvent.ActorId,
                    ActorName = Clip(auditEvent.ActorName, 256),
                    SourceIp = Clip(auditEvent.SourceIp, 64),
                    Target = Clip(auditEvent.Target, 300),
                    Details = AuditCanonicalForm.Details(auditEvent.Details),
                    PreviousHash = head?.Hash ?? GenesisHash,
                    Hash = [],
                    Seal = [],
                };
                entry.Hash = AuditCanonicalForm.ComputeHash(entry);
                entry.Seal = AuditCanonicalForm.ComputeSeal(_sealKey, entry.Hash);
                db.AuditEntries.Add(entry);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return entry;
                }
                catch (DbUpdateException) when (attempt < MaxAttempts)
                {
                    // Only a lost race for this sequence number is retried; any other failure propagates.
                    db.Entry(entry).State = EntityState.Detached;
                    if (!await SequenceTakenAsync(db, entry, cancellationToken))
                    {
                        throw;
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<bool> SequenceTakenAsync(BulwarkDbContext db, AuditEntry entry, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking().AnyAsync(e => e.Sequence == entry.Sequence, cancellationToken);

    private static string? Clip(string? value, int max) => value is { Length: > 0 } && value.Length > max ? value[..max] : value;
}
