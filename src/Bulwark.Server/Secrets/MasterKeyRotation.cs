using Bulwark.Integrity.Encryption;
using Bulwark.Server.Audit;
using Bulwark.Server.Configuration;
using Bulwark.Server.Operations;
using Bulwark.Server.Projects;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Secrets;

/// <summary>
/// <c>bulwark secrets rotate-master-key</c>, offline (it holds the data-directory lock a running server holds).
/// Order, chosen so that a crash anywhere leaves every row readable with the keys on disk and a re-run finishes:
/// the new key goes to <c>master.key.next</c> first; secret versions are re-wrapped in batches, one transaction
/// each, skipping rows already on the new key; webhook secrets and audit seals move in one transaction; the blob
/// store's key file is re-wrapped (idempotently); an audit
/// entry under the new key records the rotation (moving the head anchor to the new key); only then, with no row
/// left on the old key, <c>master.key.next</c> replaces <c>master.key</c>. With BULWARK_MASTER_KEY no file is
/// written: the new key comes from BULWARK_NEW_MASTER_KEY and the operator switches the variable afterwards.
/// </summary>
internal sealed class MasterKeyRotation(ServerOptions options, Func<string, string?> environment, TimeProvider time)
{
    public int BatchSize { get; init; } = 200;

    /// <summary>Called after each re-wrapped row with the count so far; tests throw here to simulate a crash.</summary>
    public Action<int>? AfterRow { get; init; }

    public async Task<MasterKeyRotationResult> RunAsync(CancellationToken cancellationToken)
    {
        using var dataLock = DataDirectoryLock.Acquire(options.DataDirectory, "master-key rotation");
        var fromEnvironment = environment(MasterKey.EnvironmentVariable) is { Length: > 0 };
        var oldKey = MasterKeyFiles.Current(options.DataDirectory, environment);
        var newKey = MasterKeyFiles.Next(options.DataDirectory, environment, out var resumed);
        var newId = SecretKeyRing.KeyId(newKey);
        if (newId == SecretKeyRing.KeyId(oldKey))
        {
            throw new ServerOptionsException("the new master key is the current one; give a different key");
        }
        using var ring = new SecretKeyRing(oldKey, newKey);
        await using var services = await OfflineServices.CreateAsync(options, cancellationToken);
        var rewrapped = await RewrapAsync(services, ring, ring.Find(newId), cancellationToken);
        long entries;
        int webhooks;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BulwarkDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            webhooks = await ReencryptWebhookSecretsAsync(db, new WebhookSecrets(oldKey), new WebhookSecrets(newKey), cancellationToken);
            entries = await AuditReseal.RunAsync(db, oldKey.Derive(AuditLog.SealPurpose), newKey.Derive(AuditLog.SealPurpose), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        // Artifacts stay encrypted under the blob store's own key; only its small wrapping moves to the new master key.
        Blobs.BlobKeyFile.Rewrap(options.DataDirectory, oldKey, newKey);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BulwarkDbContext>();
            await new AuditLog(time, newKey, options).AppendAsync(db, new AuditEvent(AuditActions.MasterKeyRotated)
            {
                ActorName = "bulwark secrets rotate-master-key",
                Target = "master-key",
                Details = new Dictionary<string, string?> { ["from"] = ring.Current.Id, ["to"] = newId, ["secretVersions"] = rewrapped.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            }, cancellationToken);
            if (await db.SecretVersions.AnyAsync(v => v.MasterKeyId != newId, cancellationToken))
            {
                throw new MasterKeyRotationException("secret versions still use another master key; run the rotation again");
            }
        }
        if (!fromEnvironment)
        {
            // The rename replaces master.key, retiring the old key: nothing refers to it any more.
            File.Move(Path.Combine(options.DataDirectory, SecretKeyRing.NextKeyFileName), Path.Combine(options.DataDirectory, ServerOptions.MasterKeyFileName), overwrite: true);
        }
        return new MasterKeyRotationResult(ring.Current.Id, newId, rewrapped, webhooks, entries, resumed, fromEnvironment);
    }

    private async Task<int> RewrapAsync(IServiceProvider services, SecretKeyRing ring, KeyEncryptionKey newKek, CancellationToken cancellationToken)
    {
        var done = 0;
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BulwarkDbContext>();
            var batch = await db.SecretVersions.Include(v => v.Secret).Where(v => v.MasterKeyId != newKek.Id)
                .OrderBy(v => v.SecretId).ThenBy(v => v.Version).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return done;
            }
            foreach (var row in batch)
            {
                var moved = EnvelopeCipher.Rewrap(SecretCrypto.Sealed(row), SecretContext.For(row.Secret!, row.Version), ring.Find(row.MasterKeyId), newKek);
                (row.WrappedKey, row.WrapNonce, row.MasterKeyId) = (moved.WrappedKey, moved.WrapNonce, moved.KeyId);
                done++;
                AfterRow?.Invoke(done);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static async Task<int> ReencryptWebhookSecretsAsync(BulwarkDbContext db, WebhookSecrets oldSecrets, WebhookSecrets newSecrets, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var project in await db.Projects.ToListAsync(cancellationToken))
        {
            if (newSecrets.Decrypt(project.Id, project.WebhookSecretCiphertext) is not null)
            {
                continue;
            }
            var secret = oldSecrets.Decrypt(project.Id, project.WebhookSecretCiphertext)
                ?? throw new MasterKeyRotationException($"project '{project.Name}': its webhook secret opens under neither master key");
            project.WebhookSecretCiphertext = newSecrets.Encrypt(project.Id, secret);
            count++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return count;
    }
}
