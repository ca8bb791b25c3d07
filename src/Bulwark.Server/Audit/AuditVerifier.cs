using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;
using System.Security.Cryptography;

namespace Bulwark.Server.Audit;

/// <summary>
/// Walks the chain in sequence order and stops at the first entry that was edited (hash or seal mismatch),
/// inserted or deleted (a gap or a repeated number, or a previous-hash mismatch), or reordered (sequence and
/// chain disagree). Streams rows, so memory stays flat however long the log is.
/// </summary>
internal static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(BulwarkDbContext db, byte[]? sealKey, CancellationToken cancellationToken)
    {
        long expected = 1;
        var previousHash = new byte[32];
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var problem = Check(entry, expected, previousHash, sealKey);
            if (problem is not null)
            {
                return new AuditVerification(false, expected - 1, entry.Sequence, problem, sealKey is not null);
            }
            previousHash = entry.Hash;
            expected++;
        }
        return new AuditVerification(true, expected - 1, null, null, sealKey is not null);
    }

    private static string? Check(AuditEntry entry, long expected, byte[] previousHash, byte[]? sealKey)
    {
        if (entry.Sequence != expected)
        {
            return entry.Sequence > expected
                ? $"entries {expected}..{entry.Sequence - 1} are missing (deleted)"
                : $"entry {entry.Sequence} appears out of order";
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
            return $"entry {entry.Sequence} has an invalid seal: the chain was rebuilt by someone without the master key";
        }
        return null;
    }
}
