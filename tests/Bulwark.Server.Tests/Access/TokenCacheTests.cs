using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bulwark.Server.Access;
using Bulwark.Server.Identity;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bulwark.Server.Tests.Access;

/// <summary>
/// Validated tokens come from <see cref="TokenCache"/>: each change that must stop a token (revocation, the owner
/// disabled, locked out or demoted) takes effect on the very next request, whichever path saved it. Every token
/// is used before the change, so it is cached when the change comes.
/// </summary>
public abstract class TokenCacheTests(Provider provider) : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _root = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        await _server.CreateUserAsync("ann");
        _root = _server.Client(await _server.CreateTokenAsync("root"));
    }

    public async Task DisposeAsync()
    {
        _root.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<HttpClient> CachedClientAsync(string username)
    {
        var client = _server.Client(await _server.CreateTokenAsync(username));
        (await client.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return client;
    }

    [Fact]
    public async Task A_revoked_token_fails_on_the_next_request()
    {
        using var ann = await CachedClientAsync("ann");
        var id = (await ann.GetFromJsonAsync<JsonElement>("/api/v1/tokens")).EnumerateArray().Single().GetProperty("id").GetString();
        (await _root.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ann.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_revoked_straight_in_the_database_fails_on_the_next_request()
    {
        using var ann = await CachedClientAsync("ann");
        await _server.WithDatabaseAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.UserName == "ann").Select(u => u.Id).SingleAsync();
            var token = await db.ApiTokens.SingleAsync(t => t.UserId == userId);
            token.RevokedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            return await db.SaveChangesAsync();
        });
        (await ann.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_disabled_owner_s_token_fails_on_the_next_request()
    {
        using var ann = await CachedClientAsync("ann");
        (await _root.PostAsync("/api/v1/users/ann/disable", null)).EnsureSuccessStatusCode();
        (await ann.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_locked_out_owner_s_token_fails_on_the_next_request()
    {
        using var ann = await CachedClientAsync("ann");
        await using (var scope = _server.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BulwarkUser>>();
            var user = await users.FindByNameAsync("ann");
            (await users.SetLockoutEndDateAsync(user!, _server.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddMinutes(15))).Succeeded.ShouldBeTrue();
        }
        (await ann.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_demoted_administrator_s_token_loses_the_role_on_the_next_request()
    {
        await _server.CreateUserAsync("bob", isAdmin: true);
        using var bob = await CachedClientAsync("bob");
        (await bob.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _root.PutAsJsonAsync("/api/v1/users/bob/role", new { admin = false })).EnsureSuccessStatusCode();
        (await bob.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

public sealed class SqliteTokenCacheTests() : TokenCacheTests(Provider.Sqlite);

public sealed class PostgresTokenCacheTests() : TokenCacheTests(Provider.Postgres);

/// <summary>The cache's own rule against a read racing a change, without a server.</summary>
public sealed class TokenCacheRulesTests
{
    [Fact]
    public void A_token_loaded_while_it_was_revoked_is_not_kept()
    {
        var cache = new TokenCache(new FakeTimeProvider());
        var token = new ApiToken { Id = "abcdefghijkl", UserId = "u1", Name = "t", Scopes = "all", SecretHash = new byte[32] };
        var before = cache.Generation;
        cache.Forget(token.Id);
        cache.Add(token, "ann", false, before).Token.ShouldBe(token);
        cache.Get(token.Id).ShouldBeNull();
        cache.Add(token, "ann", false, cache.Generation);
        cache.Get(token.Id).ShouldNotBeNull();
        var again = cache.Generation;
        cache.ForgetUser("u1");
        cache.Get(token.Id).ShouldBeNull();
        cache.Add(token, "ann", false, again);
        cache.Get(token.Id).ShouldBeNull();
    }
}
