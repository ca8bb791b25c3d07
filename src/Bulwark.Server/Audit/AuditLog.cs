using Bulwark.Server.Configuration;
using Bulwark.Server.Operations;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Audit;

/// <summary>
/// Appends to the hash chain. <see cref="AppendAsync"/> saves the caller's pending changes and the new entry in
/// one transaction, so a change and its audit entry are stored together or not at all (<see cref="AppendAllAsync"/>
/// the same with several entries). Appends are serialised
/// in this process by a lock; on PostgreSQL, where several servers may share the database, also by a
/// transaction-scoped advisory lock, so writers queue instead of racing. Should two writers still collide (two
/// processes on one SQLite file), the primary key on <see cref="AuditEntry.Sequence"/> refuses the second entry
/// n and the loser re-reads the head and retries. After each commit the head anchor (<see cref="AuditHeadFile"/>)
/// moves forward.
/// </summary>
internal sealed class AuditLog(TimeProvider time, MasterKey masterKey, ServerOptions options, ServerMetrics? metrics = null)
{
    public const string SealPurpose = "audit-seal";

    /// <summary>Key of the PostgreSQL advisory lock that serialises appends across server processes.</summary>
    public const long AdvisoryLockKey = 0x42_75_6C_77_61_72_6B;

    private const int MaxAttempts = 5;
    private static readonly byte[] GenesisHash = new byte[32];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly byte[] _sealKey = masterKey.Derive(SealPurpose);

    public async Task<AuditEntry> AppendAsync(BulwarkDbContext db, AuditEvent auditEvent, CancellationToken cancellationToken) =>
        (await AppendAllAsync(db, [auditEvent], cancellationToken))[^1];

    /// <summary>
    /// Appends several entries, in order, with one save: a job reading fifty secrets pays one lock and one commit,
    /// not fifty (measured: 3 ms per separate append on SQLite).
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> AppendAllAsync(BulwarkDbContext db, IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(events.Count);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                // Inside a caller's transaction the entries are not durable until the caller commits, so the anchor
                // is left for a later append rather than pointing at an entry that may be rolled back.
                var ownsTransaction = db.Database.CurrentTransaction is null;
                await using var transaction = ownsTransaction && db is PostgresBulwarkDbContext
                    ? await db.Database.BeginTransactionAsync(cancellationToken)
                    : null;
                if (db is PostgresBulwarkDbContext)
                {
                    await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
                }
                var entries = await NextEntriesAsync(db, events, cancellationToken);
                db.AuditEntries.AddRange(entries);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    if (transaction is not null)
                    {
                        await transaction.CommitAsync(cancellationToken);
                    }
                }
                catch (DbUpdateException) when (attempt < MaxAttempts)
                {
                    // Only a lost race for these sequence numbers is retried; any other failure propagates.
                    foreach (var entry in entries)
                    {
                        db.Entry(entry).State = EntityState.Detached;
                    }
                    if (transaction is not null)
                    {
                        await transaction.RollbackAsync(cancellationToken);
                    }
                    if (!await SequenceTakenAsync(db, entries[0], cancellationToken))
                    {
                        throw;
                    }
                    continue;
                }
                var last = entries[^1];
                if (ownsTransaction)
                {
                    AuditHeadFile.Write(options.DataDirectory, AuditHead.Create(last.Sequence, last.Hash, _sealKey));
                }
                foreach (var entry in entries)
                {
                    metrics?.CountAuditEvent(entry.Action, entry.Outcome);
                }
                return entries;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Checks the whole chain, the seals and the head anchor with this server's key.</summary>
    public Task<AuditVerification> VerifyAsync(BulwarkDbContext db, CancellationToken cancellationToken)
    {
        var head = AuditHeadFile.Read(options.DataDirectory, out var headProblem);
        return AuditVerifier.VerifyAsync(db, _sealKey, new AuditAnchor(head, headProblem), cancellationToken);
    }

    private async Task<List<AuditEntry>> NextEntriesAsync(BulwarkDbContext db, IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        var sequence = head?.Sequence ?? 0;
        var previousHash = head?.Hash ?? GenesisHash;
        var timestamp = AuditCanonicalForm.Truncate(time.GetUtcNow().UtcDateTime);
        var entries = new List<AuditEntry>(events.Count);
        foreach (var auditEvent in events)
        {
            var entry = new AuditEntry
            {
                Sequence = ++sequence,
                Timestamp = timestamp,
                Action = auditEvent.Action,
                Outcome = auditEvent.Succeeded ? "success" : "failure",
                ActorId = auditEvent.ActorId,
                ActorName = Clip(auditEvent.ActorName, 256),
                SourceIp = Clip(auditEvent.SourceIp, 64),
                Target = Clip(auditEvent.Target, 300),
                Details = AuditCanonicalForm.Details(auditEvent.Details),
                PreviousHash = previousHash,
                Hash = [],
                Seal = [],
            };
            entry.Hash = AuditCanonicalForm.ComputeHash(entry);
            entry.Seal = AuditCanonicalForm.ComputeSeal(_sealKey, entry.Hash);
            previousHash = entry.Hash;
            entries.Add(entry);
        }
        return entries;
    }

    private static async Task<bool> SequenceTakenAsync(BulwarkDbContext db, AuditEntry entry, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking().AnyAsync(e => e.Sequence == entry.Sequence, cancellationToken);

    private static string? Clip(string? value, int max) => value is { Length: > 0 } && value.Length > max ? value[..max] : value;
}
