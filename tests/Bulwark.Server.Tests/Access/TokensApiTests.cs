using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bulwark.Server.Audit;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Bulwark.Server.Tests.Access;

public abstract class TokensApiTests(Provider provider) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private TestServer _server = null!;
    private HttpClient _ann = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider, time: _time);
        await _server.CreateUserAsync("root", isAdmin: true);
        await _server.CreateUserAsync("ann");
        _ann = _server.Client(await _server.CreateTokenAsync("ann"));
    }

    public async Task DisposeAsync()
    {
        _ann.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<JsonElement> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/tokens", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_created_token_is_shown_once_works_and_listings_never_show_its_secret()
    {
        var created = await CreateAsync(_ann, new { name = "laptop", scopes = new[] { "read" }, expiresInDays = 7 });
        var token = created.GetProperty("token").GetString()!;
        var secret = token["bwk_".Length..].Split('_', 2)[1]; // the secret itself may hold '_'
        created.GetProperty("expiresAt").GetDateTime().ShouldBe(_time.GetUtcNow().UtcDateTime.AddDays(7));

        using var client = _server.Client(token);
        (await client.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostAsJsonAsync("/api/v1/tokens", new { name = "x", scopes = new[] { "read" } })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var listing = await _ann.GetStringAsync("/api/v1/tokens");
        listing.ShouldNotContain(secret);
        listing.ShouldNotContain("hash", Case.Insensitive);
        JsonDocument.Parse(listing).RootElement.GetArrayLength().ShouldBe(2);
        var audited = await _server.WithDatabaseAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.TokenCreated && e.ActorName == "ann"));
        audited.Details.ShouldNotContain(secret);
    }

    [Fact]
    public async Task Expired_and_revoked_tokens_get_401()
    {
        var created = await CreateAsync(_ann, new { name = "short", scopes = new[] { "all" }, expiresInDays = 1 });
        using var client = _server.Client(created.GetProperty("token").GetString());
        (await client.GetAsync("/api/v1/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);
        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        (await client.GetAsync("/api/v1/tokens")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var second = await CreateAsync(_ann, new { name = "revoke-me", scopes = new[] { "all" } });
        using var revoked = _server.Client(second.GetProperty("token").GetString());
        (await _ann.DeleteAsync($"/api/v1/tokens/{second.GetProperty("id").GetString()}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var response = await revoked.GetAsync("/api/v1/tokens");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await _server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.TokenRevoked))).ShouldBe(1);
    }

    [Fact]
    public async Task Members_revoke_only_their_own_tokens_and_admins_revoke_anyones()
    {
        var created = await CreateAsync(_ann, new { name = "ci", scopes = new[] { "runs:write" } });
        var id = created.GetProperty("id").GetString();
        await _server.CreateUserAsync("bob");
        using var bob = _server.Client(await _server.CreateTokenAsync("bob"));
        (await bob.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var root = _server.Client(await _server.CreateTokenAsync("root"));
        (await root.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var entry = await _server.WithDatabaseAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.TokenRevoked));
        (entry.ActorName, entry.Target).ShouldBe(("root", "user:ann"));
    }

    [Fact]
    public async Task A_privileged_user_without_mfa_cannot_create_tokens_online_even_with_an_offline_token()
    {
        using var root = _server.Client(await _server.CreateTokenAsync("root"));
        var refused = await root.PostAsJsonAsync("/api/v1/tokens", new { name = "x", scopes = new[] { "all" } });
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("MFA enrolment is required");
        await _server.EnrolMfaAsync("root");
        (await root.PostAsJsonAsync("/api/v1/tokens", new { name = "x", scopes = new[] { "all" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_online_token_of_a_privileged_user_stops_until_they_enrol()
    {
        var created = await CreateAsync(_ann, new { name = "before-promotion", scopes = new[] { "all" } });
        using var client = _server.Client(created.GetProperty("token").GetString());
        await _server.WithDatabaseAsync(db => db.Users.Where(u => u.UserName == "ann").ExecuteUpdateAsync(s => s.SetProperty(u => u.IsAdmin, true)));
        var refused = await client.GetAsync("/api/v1/users");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("MFA");
        await _server.EnrolMfaAsync("ann");
        (await client.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_cannot_create_a_token_with_scopes_it_lacks()
    {
        using var writer = _server.Client(await _server.CreateTokenAsync("ann", "write"));
        (await writer.PostAsJsonAsync("/api/v1/tokens", new { name = "wider", scopes = new[] { "admin" } })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await writer.PostAsJsonAsync("/api/v1/tokens", new { name = "same", scopes = new[] { "write" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("""{"name":"","scopes":["read"]}""", "name")]
    [InlineData("""{"name":"x","scopes":[]}""", "scopes")]
    [InlineData("""{"name":"x","scopes":["root"]}""", "scopes")]
    [InlineData("""{"name":"x","scopes":["read"],"expiresInDays":0}""", "expiresInDays")]
    [InlineData("""{"name":"x","scopes":["read"],"expiresInDays":366}""", "expiresInDays")]
    [InlineData("""{"name":"x","scopes":["read"],"offline":true}""", "offline")]
    [InlineData("""{"name":"x","scopes":"read"}""", "scopes")]
    public async Task Bad_token_requests_are_400_problems_and_store_nothing(string json, string mentioned)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await _ann.PostAsync("/api/v1/tokens", content);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(mentioned);
        (await _server.WithDatabaseAsync(db => db.ApiTokens.CountAsync())).ShouldBe(1);
    }
}

public sealed class SqliteTokensApiTests() : TokensApiTests(Provider.Sqlite);

public sealed class PostgresTokensApiTests() : TokensApiTests(Provider.Postgres);
