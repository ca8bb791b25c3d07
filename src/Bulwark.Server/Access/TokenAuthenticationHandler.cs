using System.Security.Claims;
using System.Text.Encodings.Web;
using Bulwark.Server.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Bulwark.Server.Operations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Access;

/// <summary>
/// <c>Authorization: Bearer bwk_…</c> for the REST API. A token acts as its owner, narrowed to its scopes; a
/// disabled or locked-out owner's tokens stop working at once. The database services are resolved only when a
/// token is not in <see cref="TokenCache"/>: renting a context and building a user manager on every call cost more
/// than the cached check itself.
/// </summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenCache cache,
    RejectedTokenAudit rejections,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "BulwarkToken";

    /// <summary>Last-used times are written at most this often per token, so reads do not become writes.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(5);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        if (!ApiTokenService.TryParse(header["Bearer ".Length..].Trim(), out var id, out var secret))
        {
            return AuthenticateResult.Fail("invalid, expired or revoked token");
        }
        var entry = cache.Get(id) ?? await LoadAsync(id, cache.Generation);
        if (entry is null)
        {
            return AuthenticateResult.Fail("invalid, expired or revoked token");
        }
        if (ApiTokenService.Rejection(entry.Token, secret, time) is { } reason)
        {
            await rejections.RecordAsync(Context, entry.Token, entry.UserName, reason);
            return AuthenticateResult.Fail("invalid, expired or revoked token");
        }
        var token = entry.Token;
        var now = time.GetUtcNow().UtcDateTime;
        if (token.LastUsedAt is null || now - token.LastUsedAt > LastUsedResolution)
        {
            await Context.RequestServices.GetRequiredService<ApiTokenService>().MarkUsedAsync(token, now, Context.RequestAborted);
        }
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, token.UserId),
            new(ClaimTypes.Name, entry.UserName),
            new(BulwarkClaims.Method, "token"),
            new(BulwarkClaims.TokenId, token.Id),
        };
        if (entry.IsAdmin)
        {
            claims.Add(new Claim(BulwarkClaims.Admin, "true"));
        }
        if (token.CreatedOffline)
        {
            claims.Add(new Claim(BulwarkClaims.Offline, "true"));
        }
        foreach (var scope in token.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            claims.Add(new Claim(BulwarkClaims.Scope, scope));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>The token and its owner from the database; null when either cannot act (the owner is disabled or locked out).</summary>
    private async Task<TokenCache.Entry?> LoadAsync(string id, long generation)
    {
        var token = await Context.RequestServices.GetRequiredService<ApiTokenService>().FindByIdAsync(id, Context.RequestAborted);
        if (token is null)
        {
            return null;
        }
        var users = Context.RequestServices.GetRequiredService<UserManager<BulwarkUser>>();
        var user = await users.FindByIdAsync(token.UserId);
        if (user is null || user.Disabled || await users.IsLockedOutAsync(user))
        {
            return null;
        }
        return cache.Add(token, user.UserName ?? user.Id, user.IsAdmin, generation);
    }

    /// <summary>
    /// API callers get a problem; on pages the session cookie's scheme answers instead (a redirect to sign-in),
    /// which it could not do once this handler had written a body.
    /// </summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Request.Path.StartsWithSegments("/api")
            ? Problems.Write(Context, StatusCodes.Status401Unauthorized, "authentication required", "Send a valid, unexpired token as 'Authorization: Bearer bwk_…'.")
            : Task.CompletedTask;

}
