using System.Security.Cryptography;
using System.Text;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Access;

/// <summary>Issues and checks personal access tokens. The plaintext exists only in the issuing result.</summary>
internal sealed class ApiTokenService(BulwarkDbContext db, TimeProvider time)
{
    public const string Prefix = "bwk_";
    private const int IdLength = 12;
    private const int SecretBytes = 32;
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>Longest token string accepted before any parsing: the real ones are 60 characters.</summary>
    public const int MaxTokenLength = 128;

    /// <summary>Adds a new token to the context without saving, so the caller can store it with its audit entry.</summary>
    public (ApiToken Token, string Plaintext) Issue(string userId, string name, IReadOnlyList<string> scopes, DateTime? expiresAt, bool offline)
    {
        var id = RandomNumberGenerator.GetString(Base32, IdLength);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        var token = new ApiToken
        {
            Id = id,
            UserId = userId,
            Name = name,
            Scopes = string.Join(' ', scopes),
            SecretHash = SHA256.HashData(Encoding.ASCII.GetBytes(secret)),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            ExpiresAt = expiresAt,
            CreatedOffline = offline,
        };
        db.ApiTokens.Add(token);
        return (token, $"{Prefix}{id}_{secret}");
    }

    /// <summary>Splits <c>bwk_&lt;id&gt;_&lt;secret&gt;</c>; false for anything else (checked before any lookup).</summary>
    public static bool TryParse(string bearer, out string id, out string secret)
    {
        id = secret = "";
        if (bearer.Length > MaxTokenLength || !bearer.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var separator = bearer.IndexOf('_', Prefix.Length);
        if (separator != Prefix.Length + IdLength)
        {
            return false;
        }
        id = bearer[Prefix.Length..separator];
        secret = bearer[(separator + 1)..];
        return true;
    }

    /// <summary>Why the token cannot be used now (wrong-secret, revoked, expired), or null when it can. The secret is compared in constant time.</summary>
    public static string? Rejection(ApiToken token, string secret, TimeProvider time)
    {
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), token.SecretHash))
        {
            return "wrong-secret";
        }
        if (token.RevokedAt is not null)
        {
            return "revoked";
        }
        return token.ExpiresAt is not null && token.ExpiresAt <= time.GetUtcNow().UtcDateTime ? "expired" : null;
    }

    /// <summary>The stored token with this id, whatever its state (not tracked).</summary>
    public Task<ApiToken?> FindByIdAsync(string id, CancellationToken cancellationToken) =>
        db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    /// <summary>Records use without loading or tracking the row (the token may come from <see cref="TokenCache"/>).</summary>
    public async Task MarkUsedAsync(ApiToken token, DateTime now, CancellationToken cancellationToken)
    {
        token.LastUsedAt = now;
        await db.ApiTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, now), cancellationToken);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
