namespace Bulwark.Server.Access;

/// <summary>
/// A personal access token. Only the SHA-256 of the secret part is stored; the token itself is shown once.
/// Tokens have the form <c>bwk_&lt;id&gt;_&lt;secret&gt;</c>: the id finds the row, the secret is compared in constant time.
/// </summary>
internal sealed class ApiToken
{
    /// <summary>12 lower-case base32 characters, public (shown in listings and the audit log).</summary>
    public required string Id { get; set; }

    public required string UserId { get; set; }

    public required string Name { get; set; }

    /// <summary>Space-separated scopes (see <see cref="TokenScopes"/>).</summary>
    public required string Scopes { get; set; }

    public required byte[] SecretHash { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    /// <summary>True when created from the data directory by <c>bulwark admin create-token</c>: such tokens act without MFA enrolment.</summary>
    public bool CreatedOffline { get; set; }
}
