using System.Net;
using System.Net.Http.Json;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Access;

public abstract class TokenPagesTests(Provider provider) : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        await _server.CreateUserAsync("ann");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Creating_a_token_needs_step_up_then_shows_it_once_and_revoking_it_works()
    {
        using (var plain = await BrowserSession.SignInAsync(_server, "ann"))
        {
            var redirected = await plain.PostFormAsync("/account/tokens", "create-token", ("Form.Name", "ci"), ("Form.Read", "true"));
            redirected.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            redirected.Headers.Location!.ToString().ShouldEndWith("/account/step-up?returnUrl=%2Faccount%2Ftokens");
            var api = await plain.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "x", scopes = new[] { "read" } });
            api.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await api.Content.ReadAsStringAsync()).ShouldContain("bearer token");
        }
        using var session = await BrowserSession.SignInAsync(_server, "ann", steppedUp: true);
        // The API carries no anti-forgery token, so even a stepped-up browser session only reads it.
        (await session.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "x", scopes = new[] { "read" } })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await session.Client.GetAsync("/api/v1/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var created = await session.PostFormAsync("/account/tokens", "create-token", ("Form.Name", "<b>ci</b>"), ("Form.Read", "true"), ("Form.ExpiresInDays", "30"));
        var html = await created.Content.ReadAsStringAsync();
        html.ShouldContain("&lt;b&gt;ci&lt;/b&gt;");
        var start = html.IndexOf("<p class=\"secret\">", StringComparison.Ordinal) + "<p class=\"secret\">".Length;
        var token = html[start..html.IndexOf('<', start)];
        using (var client = _server.Client(token))
        {
            (await client.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        (await (await session.GetAsync("/account/tokens")).Content.ReadAsStringAsync()).ShouldNotContain(token);

        var id = token.Split('_')[1];
        (await session.PostFormAsync("/account/tokens", $"revoke-{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var revoked = _server.Client(token);
        (await revoked.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_administrator_without_mfa_cannot_create_a_token_on_the_page()
    {
        using var root = await BrowserSession.SignInAsync(_server, "root", steppedUp: true);
        var response = await root.PostFormAsync("/account/tokens", "create-token", ("Form.Name", "ci"), ("Form.All", "true"));
        (await response.Content.ReadAsStringAsync()).ShouldContain("MFA enrolment is required");
        (await _server.WithDatabaseAsync(db => db.ApiTokens.CountAsync())).ShouldBe(0);
    }
}

public sealed class SqliteTokenPagesTests() : TokenPagesTests(Provider.Sqlite);

public sealed class PostgresTokenPagesTests() : TokenPagesTests(Provider.Postgres);
