using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bulwark.Server.Tests.Infrastructure;

namespace Bulwark.Server.Tests.Audit;

public abstract class AuditApiTests(Provider provider) : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
        for (var i = 0; i < 5; i++)
        {
            (await _admin.PostAsJsonAsync("/api/v1/projects", new { name = $"p{i}", repositoryUrl = $"https://git.example/acme/p{i}" })).EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Pages_follow_the_after_cursor_oldest_first()
    {
        var first = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?limit=4");
        Sequences(first).ShouldBe([1, 2, 3, 4]);
        var next = first.GetProperty("next").GetInt64();
        var second = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?limit=4&after={next}");
        Sequences(second).ShouldBe([5, 6]);
        second.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Entries_carry_details_as_an_object_and_hex_hashes()
    {
        var page = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=project.created&limit=1");
        var entry = page.GetProperty("entries")[0];
        entry.GetProperty("action").GetString().ShouldBe("project.created");
        entry.GetProperty("details").GetProperty("repositoryUrl").GetString().ShouldBe("https://git.example/acme/p0");
        entry.GetProperty("hash").GetString()!.Length.ShouldBe(64);
        entry.GetProperty("previousHash").GetString()!.Length.ShouldBe(64);
        entry.GetProperty("timestamp").GetString()!.ShouldEndWith("Z");
    }

    [Fact]
    public async Task Filters_narrow_by_action_prefix_actor_outcome_and_time()
    {
        Sequences(await _admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=user.")).ShouldBe([1]);
        Sequences(await _admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?actor=test")).ShouldBe([1]);
        Sequences(await _admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?outcome=failure")).ShouldBeEmpty();
        Sequences(await _admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?since=2999-01-01")).ShouldBeEmpty();
        Sequences(await _admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?until=2000-01-01")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("since=yesterday", "since")]
    [InlineData("outcome=maybe", "outcome")]
    [InlineData("since=2026-02-01&until=2026-01-01", "until")]
    public async Task Unbounded_or_malformed_queries_are_400_problems(string query, string mentioned)
    {
        var response = await _admin.GetAsync("/api/v1/audit?" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(mentioned);
    }

    [Fact]
    public async Task An_overlong_filter_is_refused()
    {
        var response = await _admin.GetAsync("/api/v1/audit?action=" + new string('a', 101));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Only_administrators_and_audit_read_tokens_may_read_the_log()
    {
        await _server.CreateUserAsync("dev");
        using var member = _server.Client(await _server.CreateTokenAsync("dev"));
        (await member.GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await member.GetAsync("/api/v1/audit/verify")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var siem = _server.Client(await _server.CreateTokenAsync("root", "audit:read"));
        (await siem.GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var writer = _server.Client(await _server.CreateTokenAsync("root", "write"));
        (await writer.GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var anonymous = _server.Client();
        (await anonymous.GetAsync("/api/v1/audit/verify")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static long[] Sequences(JsonElement page) =>
        page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).ToArray();
}

public sealed class SqliteAuditApiTests() : AuditApiTests(Provider.Sqlite);

public sealed class PostgresAuditApiTests() : AuditApiTests(Provider.Postgres);
