using System.Net;
using Bulwark.Server.Audit;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Access;

public abstract class RejectedTokenAuditTests(Provider provider) : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("ann");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<List<AuditEntry>> RejectionsAsync() =>
        _server.WithDatabaseAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.TokenRejected).OrderBy(e => e.Sequence).ToListAsync());

    [Fact]
    public async Task A_revoked_token_in_use_is_audited_once_per_interval_with_its_owner()
    {
        var token = await _server.CreateTokenAsync("ann");
        using var ann = _server.Client(token);
        var id = token.Split('_')[1];
        (await ann.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        for (var i = 0; i < 3; i++)
        {
            (await ann.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        var entry = (await RejectionsAsync()).ShouldHaveSingleItem();
        entry.Target.ShouldBe("user:ann");
        entry.Outcome.ShouldBe("failure");
        entry.Details.ShouldContain("\"reason\":\"revoked\"");
        entry.Details.ShouldContain(id);
        entry.SourceIp.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_known_token_id_with_a_wrong_secret_is_audited_and_a_random_id_is_not()
    {
        var token = await _server.CreateTokenAsync("ann");
        using var forged = _server.Client(token[..^4] + "AAAA");
        (await forged.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var random = _server.Client("bwk_zzzzzzzzzzzz_" + new string('x', 43));
        (await random.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var entry = (await RejectionsAsync()).ShouldHaveSingleItem();
        entry.Details.ShouldContain("\"reason\":\"wrong-secret\"");
        entry.Details.ShouldNotContain(token[(token.IndexOf('_', 4) + 1)..]);
    }
}

public sealed class SqliteRejectedTokenAuditTests() : RejectedTokenAuditTests(Provider.Sqlite);

public sealed class PostgresRejectedTokenAuditTests() : RejectedTokenAuditTests(Provider.Postgres);
