using System.Security.Cryptography;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Secrets.External;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Secrets;

/// <summary>
/// Writes, deletes, rolls back and lists secrets for the API. Callers have passed the endpoint's permission
/// check. Each write seals the value as a new version, drops versions beyond the newest
/// <see cref="KeptVersions"/>, and is stored in one transaction with its audit entry. Values never leave here.
/// </summary>
internal sealed class SecretStore(BulwarkDbContext db, AuditLog audit, SecretKeyRing keys, SecretTargets targets, SecretProviders providers, TimeProvider time)
{
    public const int KeptVersions = 10;
    public const int MaxSecretsPerScope = 500;

    public async Task<Outcome<List<SecretMetadata>>> ListAsync(string? project, string? environment, CancellationToken cancellationToken)
    {
        var resolved = await targets.ResolveAsync(project, environment, forWrite: false, cancellationToken);
        if (resolved.Value is not { } target)
        {
            return resolved.Failure!;
        }
        var query = db.Secrets.AsNoTracking().Where(s => s.ProjectId == target.ProjectId);
        query = target.Scope switch
        {
            SecretScope.Organization => query.Where(s => s.Scope == SecretScope.Organization),
            SecretScope.Environment => query.Where(s => s.Scope == SecretScope.Environment && s.Environment == target.Environment),
            _ => query.Where(s => s.Scope != SecretScope.Organization),
        };
        var secrets = await query.ToListAsync(cancellationToken);
        return secrets.OrderBy(s => s.Environment, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).Select(SecretMetadata.Of).ToList();
    }

    public async Task<Outcome<SecretWrite>> PutAsync(HttpContext http, string? project, string? environment, string name, PutSecretRequest request, CancellationToken cancellationToken)
    {
        if (!SecretName.IsValid(name))
        {
            return Failure.BadRequest(SecretName.Rule, "secret");
        }
        if (SecretRulesInput.Check(request) is { } ruleProblem)
        {
            return ruleProblem;
        }
        if (ReferenceProblem(request.Value) is { } referenceProblem)
        {
            return referenceProblem;
        }
        var value = SecretValue.Encode(request.Value, out var valueProblem);
        if (value is null)
        {
            return valueProblem!;
        }
        try
        {
            var resolved = await targets.ResolveAsync(project, environment, forWrite: true, cancellationToken);
            if (resolved.Value is not { } target)
            {
                return resolved.Failure!;
            }
            var secret = await FindAsync(target, name, cancellationToken);
            var isNew = secret is null;
            if (secret is null)
            {
                if (await db.Secrets.CountAsync(s => s.Scope == target.Scope && s.ProjectId == target.ProjectId && s.Environment == target.Environment, cancellationToken) >= MaxSecretsPerScope)
                {
                    return Failure.Conflict($"this scope already holds {MaxSecretsPerScope} secrets, the most it may hold");
                }
                secret = NewSecret(target, name, Actor(http));
                db.Secrets.Add(secret);
            }
            SecretRulesInput.Apply(secret, request, isNew);
            AddVersion(secret, value, Actor(http));
            var saved = await AuditedSaveAsync(http, AuditActions.SecretWrite, target, secret, null, cancellationToken);
            return saved ?? (Outcome<SecretWrite>)new SecretWrite(SecretMetadata.Of(secret), isNew);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(value);
        }
    }

    /// <summary>A value that is a reference (vault://…) is stored as given and resolved when a job starts; it must name a configured provider.</summary>
    private Failure? ReferenceProblem(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var isReference = SecretReference.TryParse(value, out var reference, out var error);
        if (error is not null)
        {
            return Failure.BadRequest(error, "value");
        }
        if (!isReference)
        {
            return null;
        }
        return providers.Supports(reference!.Scheme)
            ? null
            : Failure.BadRequest($"value is a {reference.Scheme}:// reference, but no {reference.Scheme} provider is configured on this server (see docs/vault.md)", "value");
    }

    public async Task<Outcome<SecretMetadata>> DeleteAsync(HttpContext http, string? project, string? environment, string name, CancellationToken cancellationToken)
    {
        var resolved = await targets.ResolveAsync(project, environment, forWrite: true, cancellationToken);
        if (resolved.Value is not { } target)
        {
            return resolved.Failure!;
        }
        var secret = SecretName.IsValid(name) ? await FindAsync(target, name, cancellationToken) : null;
        if (secret is null)
        {
            return NotFound();
        }
        // Deleting destroys every kept version: the ciphertexts go with the row, not into a recycle bin.
        db.Secrets.Remove(secret);
        return await AuditedSaveAsync(http, AuditActions.SecretDelete, target, secret, null, cancellationToken) ?? (Outcome<SecretMetadata>)SecretMetadata.Of(secret);
    }

    public async Task<Outcome<SecretMetadata>> RollbackAsync(HttpContext http, string? project, string? environment, string name, RollbackSecretRequest request, CancellationToken cancellationToken)
    {
        if (request.Version is not ({ } wanted and > 0))
        {
            return Failure.BadRequest("version must be a positive version number", "version");
        }
        var resolved = await targets.ResolveAsync(project, environment, forWrite: true, cancellationToken);
        if (resolved.Value is not { } target)
        {
            return resolved.Failure!;
        }
        var secret = SecretName.IsValid(name) ? await FindAsync(target, name, cancellationToken) : null;
        if (secret is null)
        {
            return NotFound();
        }
        var row = secret.Versions.FirstOrDefault(v => v.Version == wanted);
        if (row is null)
        {
            return Failure.NotFound($"version {wanted} is not kept: only the {KeptVersions} most recent versions are ({secret.Versions.Min(v => v.Version)}-{secret.CurrentVersion})");
        }
        var value = SecretCrypto.Open(secret, row, keys);
        try
        {
            AddVersion(secret, value, Actor(http));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(value);
        }
        return await AuditedSaveAsync(http, AuditActions.SecretRollback, target, secret, wanted, cancellationToken) ?? (Outcome<SecretMetadata>)SecretMetadata.Of(secret);
    }

    private void AddVersion(StoredSecret secret, byte[] value, string by)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var version = secret.CurrentVersion + 1;
        secret.Versions.Add(SecretCrypto.Seal(secret, version, value, keys.Current, by, now));
        secret.CurrentVersion = version;
        secret.UpdatedBy = by;
        secret.UpdatedAt = now;
        // Purged in the same transaction as the write: an old value never outlives the version that replaced it by more than the window.
        foreach (var old in secret.Versions.Where(v => v.Version <= version - KeptVersions).ToList())
        {
            secret.Versions.Remove(old);
            db.SecretVersions.Remove(old);
        }
    }

    private async Task<Failure?> AuditedSaveAsync(HttpContext http, string action, SecretTarget target, StoredSecret secret, int? from, CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string?> { ["scope"] = secret.Scope.ToString().ToLowerInvariant(), ["version"] = secret.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (from is not null)
        {
            details["from"] = from.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        try
        {
            await audit.AppendAsync(db, AuditActor.Event(http, action, target.AuditTarget(secret.Name), details: details), cancellationToken);
            return null;
        }
        catch (DbUpdateException)
        {
            return Failure.Conflict("the secret was changed by another request at the same time; retry");
        }
    }

    private Task<StoredSecret?> FindAsync(SecretTarget target, string name, CancellationToken cancellationToken) =>
        db.Secrets.Include(s => s.Versions)
            .FirstOrDefaultAsync(s => s.Scope == target.Scope && s.ProjectId == target.ProjectId && s.Environment == target.Environment && s.Name == name, cancellationToken);

    private StoredSecret NewSecret(SecretTarget target, string name, string by)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new StoredSecret
        {
            Id = Guid.NewGuid(), Scope = target.Scope, ProjectId = target.ProjectId, Environment = target.Environment, Name = name,
            CreatedBy = by, CreatedAt = now, UpdatedBy = by, UpdatedAt = now,
        };
    }

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    private static Failure NotFound() => Failure.NotFound("no such secret");
}
