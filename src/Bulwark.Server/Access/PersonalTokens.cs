using System.Security.Claims;
using Bulwark.Server.Audit;
using Bulwark.Server.Identity;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Access;

/// <summary>
/// Personal access tokens made online (API and account page): listed without secrets, created with a bounded
/// expiry under the MFA policy, revoked by their owner or an administrator; creation and revocation are audited.
/// </summary>
internal sealed class PersonalTokens(BulwarkDbContext db, ApiTokenService tokens, TokenCache cache, AuditLog audit, MfaPolicy mfa, TimeProvider time)
{
    public const int DefaultExpiryDays = 90;
    public const int MaxExpiryDays = 365;
    public const int MaxNameLength = 100;

    /// <summary>Live (unrevoked, unexpired) tokens one user may hold, so a leaked session cannot mint without end.</summary>
    public const int MaxLiveTokens = 50;

    public async Task<TokenResponse[]> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var rows = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).Take(MaxLiveTokens * 4).ToListAsync(cancellationToken);
        return rows.Select(t => Describe(t)).ToArray();
    }

    public async Task<Outcome<TokenResponse>> CreateAsync(HttpContext http, CreateTokenRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            return Failure.BadRequest($"name must be 1-{MaxNameLength} characters without control characters", "name");
        }
        if (request.Scopes is not { Count: > 0 } || request.Scopes.Count > TokenScopes.Known.Count
            || TokenScopes.Parse(string.Join(' ', request.Scopes)) is not { } scopes)
        {
            return Failure.BadRequest("scopes must be a non-empty list of: " + string.Join(", ", TokenScopes.Known), "scopes");
        }
        var days = request.ExpiresInDays ?? DefaultExpiryDays;
        if (days is < 1 or > MaxExpiryDays)
        {
            return Failure.BadRequest($"expiresInDays must be 1-{MaxExpiryDays}; tokens that never expire are made only offline (bulwark admin create-token)", "expiresInDays");
        }
        var user = http.User;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var callerScopes = user.FindAll(BulwarkClaims.Scope).Select(c => c.Value).ToArray();
        if (user.HasClaim(BulwarkClaims.Method, "token") && !callerScopes.Contains(TokenScopes.All) && scopes.Any(s => !callerScopes.Contains(s)))
        {
            return Failure.Forbidden("a token can only create tokens with scopes it holds itself");
        }
        // Even an offline token may not mint online tokens for a privileged user who has not enrolled MFA.
        if (await mfa.BlocksAsync(userId, user.HasClaim(BulwarkClaims.Admin, "true"), cancellationToken))
        {
            return Failure.Forbidden(MfaPolicy.Refusal);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var live = await db.ApiTokens.CountAsync(t => t.UserId == userId && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now), cancellationToken);
        if (live >= MaxLiveTokens)
        {
            return Failure.Conflict($"you already hold {MaxLiveTokens} live tokens; revoke some first");
        }
        var (token, plaintext) = tokens.Issue(userId, name, scopes, now.AddDays(days), offline: false);
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.TokenCreated, "user:" + user.Identity?.Name, details: new Dictionary<string, string?>
        {
            ["token"] = token.Id,
            ["name"] = token.Name,
            ["scopes"] = token.Scopes,
            ["expiresAt"] = token.ExpiresAt?.ToString("O"),
        }), cancellationToken);
        return Describe(token, plaintext);
    }

    /// <summary>Revokes a token of the caller (administrators: of anyone). Unknown and foreign ids are alike not found.</summary>
    public async Task<Failure?> RevokeAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var isAdmin = http.User.HasClaim(BulwarkClaims.Admin, "true");
        var token = id.Length <= 32 ? await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, cancellationToken) : null;
        if (token is null || token.UserId != userId && !isAdmin)
        {
            return Failure.NotFound("no such token among yours");
        }
        if (token.RevokedAt is not null)
        {
            return null;
        }
        token.RevokedAt = time.GetUtcNow().UtcDateTime;
        cache.Forget(token.Id);
        var owner = await db.Set<BulwarkUser>().Where(u => u.Id == token.UserId).Select(u => u.UserName).FirstAsync(cancellationToken);
        await audit.AppendAsync(db, AuditActor.Event(http, AuditActions.TokenRevoked, "user:" + owner,
            details: new Dictionary<string, string?> { ["token"] = token.Id, ["name"] = token.Name }), cancellationToken);
        return null;
    }

    private static TokenResponse Describe(ApiToken t, string? plaintext = null) =>
        new(t.Id, t.Name, t.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, plaintext);
}
