using System.Security.Cryptography;
using Bulwark.Server.Audit;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Secrets;

/// <summary>
/// Re-seals every audit entry under the new master key's seal key. The seal is an HMAC over the entry's hash,
/// outside the hash chain, so the chain is untouched; but a re-seal must never launder an edit, so each entry's
/// hash, link and old seal are checked first. A seal already under the new key passes too (a resumed rotation,
/// or entries a server appended between a crash and the resume).
/// </summary>
internal static class AuditReseal
{
    private const int BatchSize = 1000;

    /// <summary>Re-seals inside the caller's transaction; answers the number of entries.</summary>
    public static async Task<long> RunAsync(BulwarkDbContext db, byte[] oldSealKey, byte[] newSealKey, CancellationToken cancellationToken)
    {
        var previousHash = new byte[32];
        long last = 0;
        while (true)
        {
            var batch = await db.AuditEntries.Where(e => e.Sequence > last).OrderBy(e => e.Sequence).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return last;
            }
            foreach (var entry in batch)
            {
                var intact = entry.Sequence == last + 1
                    && CryptographicOperations.FixedTimeEquals(entry.PreviousHash, previousHash)
                    && CryptographicOperations.FixedTimeEquals(AuditCanonicalForm.ComputeHash(entry), entry.Hash)
                    && (CryptographicOperations.FixedTimeEquals(AuditCanonicalForm.ComputeSeal(oldSealKey, entry.Hash), entry.Seal)
                        || CryptographicOperations.FixedTimeEquals(AuditCanonicalForm.ComputeSeal(newSealKey, entry.Hash), entry.Seal));
                if (!intact)
                {
                    throw new MasterKeyRotationException($"audit entry {entry.Sequence} does not verify, so the log is not re-sealed: run 'bulwark audit verify' and investigate before rotating");
                }
                entry.Seal = AuditCanonicalForm.ComputeSeal(newSealKey, entry.Hash);
                previousHash = entry.Hash;
                last = entry.Sequence;
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }
}
