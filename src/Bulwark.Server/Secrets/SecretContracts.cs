namespace Bulwark.Server.Secrets;

/// <summary>
/// Body of <c>PUT …/secrets/{secret}</c>. Only <see cref="Value"/> is required; absent rules keep their current
/// setting (defaults on creation: any branch, push/tag/manual events, every job).
/// </summary>
internal sealed record PutSecretRequest(string? Value, List<string>? Branches = null, bool? ProtectedOnly = null, List<string>? Events = null, List<string>? Jobs = null);

/// <summary>Body of <c>POST …/secrets/{secret}/rollback</c>: the kept version whose value becomes a new version.</summary>
internal sealed record RollbackSecretRequest(int? Version);

/// <summary>Which jobs receive a secret.</summary>
internal sealed record SecretRulesView(IReadOnlyList<string> Branches, bool ProtectedOnly, IReadOnlyList<string> Events, IReadOnlyList<string> Jobs);

/// <summary>A secret as the API shows it: never its value, never its ciphertext.</summary>
internal sealed record SecretMetadata(
    string Name,
    SecretScope Scope,
    string? Environment,
    int Version,
    SecretRulesView Rules,
    string CreatedBy,
    DateTime CreatedAt,
    string UpdatedBy,
    DateTime UpdatedAt)
{
    public static SecretMetadata Of(StoredSecret s) => new(
        s.Name, s.Scope, s.Scope == SecretScope.Environment ? s.Environment : null, s.CurrentVersion,
        new SecretRulesView(s.Branches, s.ProtectedOnly, s.Events, s.Jobs), s.CreatedBy, s.CreatedAt, s.UpdatedBy, s.UpdatedAt);
}

/// <summary>The answer of a write: the metadata, and whether the secret was new (201) or changed (200).</summary>
internal sealed record SecretWrite(SecretMetadata Metadata, bool Created);
