using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;
using System.Security.Cryptography;

namespace Bulwark.Server.Audit;

/// <summary>
/// Walks the chain in sequence order and stops at the first entry that was edited (hash or seal mismatch),
/// inserted or deleted (a gap or a repeated number, or a previous-hash mismatch), or reordered (sequence and
/// chain disagree); then compares the end of the chain with the head anchor, which is what reveals deleted
/// newest entries. Streams rows, so memory stays flat however long the log is.
/// </summary>
internal static class AuditVerifier
{
    /// <summary>The chain and seals only (no anchor): cannot see the newest entries being cut off.</summary>
    public static Task<AuditVerification> VerifyAsync(BulwarkDbContext db, byte[]? sealKey, CancellationToken cancellationToken) =>
        VerifyAsync(db, sealKey, AuditAnchor.None, cancellationToken);

    public static async Task<AuditVerification> VerifyAsync(BulwarkDbContext db, byte[]? sealKey, AuditAnchor anchor, CancellationToken cancellationToken)
    {
        var seals = sealKey is not null;
        var head = anchor.Head;
        if (anchor.Problem is not null || (head is not null && seals && !head.SealMatches(sealKey!)))
        {
            return new AuditVerification(false, 0, null, anchor.Problem ?? $"{AuditHeadFile.FileName} has an invalid seal: it was forged or edited", seals, true);
        }
        long expected = 1;
        var previousHash = new byte[32];
        byte[]? anchoredHash = null;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var problem = Check(entry, expected, previousHash, sealKey);
            if (problem is not null)
            {
                // A gap names its first missing entry; anything else names the entry that does not fit.
                var bad = entry.Sequence > expected ? expected : entry.Sequence;
                return new AuditVerification(false, expected - 1, bad, problem, seals, head is not null);
            }
            if (entry.Sequence == head?.Sequence)
            {
                anchoredHash = entry.Hash;
            }
            previousHash = entry.Hash;
            expected++;
        }
        var last = expected - 1;
        if (head is null)
        {
            return new AuditVerification(true, last, null, null, seals);
        }
        if (head.Sequence > last)
        {
            return new AuditVerification(false, last, last + 1,
                $"entries {last + 1}..{head.Sequence} are missing: the log ends at {last} but {AuditHeadFile.FileName} records {head.Sequence} (the newest entries were deleted)", seals, true);
        }
        if (!CryptographicOperations.FixedTimeEquals(anchoredHash, head.Hash))
        {
            return new AuditVerification(false, last, head.Sequence,
                $"entry {head.Sequence} does not match {AuditHeadFile.FileName}: the chain from there on was replaced", seals, true);
        }
        return new AuditVerification(true, last, null, null, seals, true);
    }

    private static string? Check(AuditEntry entry, long expected, byte[] previousHash, byte[]? sealKey)
    {
        if (entry.Sequence != expected)
        {
            return entry.Sequence > expected
                ? $"entries {expected}..{entry.Sequence - 1} are missing (deleted)"
                : $"entry {entry.Sequence} is outside the sequence (inserted)";
        }
        if (!CryptographicOperations.FixedTimeEquals(entry.PreviousHash, previousHash))
        {
            return $"entry {entry.Sequence} does not link to entry {expected - 1} (an entry was deleted, inserted or reordered)";
        }
        if (!CryptographicOperations.FixedTimeEquals(AuditCanonicalForm.ComputeHash(entry), entry.Hash))
        {
            return $"entry {entry.Sequence} was modified: its content does not match its hash";
        }
        if (sealKey is not null && !CryptographicOperations.FixedTimeEquals(AuditCanonicalForm.ComputeSeal(sealKey, entry.Hash), entry.Seal))
        {
            return $"entry {entry.Sequence} has an invalid seal: it was written or rebuilt by someone without the master key";
        }
        return null;
    }
}
