using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bulwark.Server.Audit;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Users;

public abstract class UsersApiTests(Provider provider) : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_list_never_shows_password_hashes_or_security_stamps()
    {
        var root = await _server.WithDatabaseAsync(db => db.Users.SingleAsync());
        var text = await _admin.GetStringAsync("/api/v1/users");
        text.ShouldNotContain(root.PasswordHash!);
        text.ShouldNotContain(root.SecurityStamp!);
        text.ShouldNotContain("hash", Case.Insensitive);
        var users = JsonDocument.Parse(text).RootElement;
        users.GetArrayLength().ShouldBe(1);
        users[0].GetProperty("username").GetString().ShouldBe("root");
        users[0].GetProperty("admin").GetBoolean().ShouldBeTrue();
        (await _admin.GetAsync("/api/v1/users?limit=501")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _admin.GetAsync("/api/v1/users?offset=-1")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Creating_a_user_applies_the_password_policy_and_refuses_duplicates()
    {
        (await _admin.PostAsJsonAsync("/api/v1/users", new { username = "ann", password = "short" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _admin.PostAsJsonAsync("/api/v1/users", new { username = "a n/../n", password = TestServer.StrongPassword })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _admin.PostAsJsonAsync("/api/v1/users", new { username = "ann", password = new string('x', 257) })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var created = await _admin.PostAsJsonAsync("/api/v1/users", new { username = "ann", password = TestServer.StrongPassword });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await created.Content.ReadAsStringAsync()).ShouldNotContain(TestServer.StrongPassword);
        (await _admin.PostAsJsonAsync("/api/v1/users", new { username = "ann", password = TestServer.StrongPassword })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _server.WithDatabaseAsync(db => db.Users.CountAsync())).ShouldBe(2);
    }

    [Fact]
    public async Task Role_changes_are_audited_and_the_last_admin_cannot_be_demoted()
    {
        var alone = await _admin.PutAsJsonAsync("/api/v1/users/root/role", new { admin = false });
        alone.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await alone.Content.ReadAsStringAsync()).ShouldContain("at least one active administrator");

        await _server.CreateUserAsync("ann");
        (await _admin.PutAsJsonAsync("/api/v1/users/ann/role", new { admin = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _admin.PutAsJsonAsync("/api/v1/users/root/role", new { admin = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var changes = await _server.WithDatabaseAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.UserRoleChanged).OrderBy(e => e.Sequence).ToListAsync());
        changes.Select(e => e.Target).ShouldBe(["user:ann", "user:root"]);
        changes[0].Details.ShouldStartWith("""{"newRole":"admin","oldRole":"member",""");
        changes[1].Details.ShouldStartWith("""{"newRole":"member","oldRole":"admin",""");
        (await _admin.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Disabling_a_user_stops_their_tokens_at_once_and_spares_the_last_admin()
    {
        await _server.CreateUserAsync("ann");
        using var ann = _server.Client(await _server.CreateTokenAsync("ann"));
        (await ann.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _admin.PostAsync("/api/v1/users/ann/disable", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ann.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _admin.PostAsync("/api/v1/users/root/disable", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _admin.PostAsync("/api/v1/users/nobody/disable", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.UserDisabled))).ShouldBe(1);
    }

    [Fact]
    public async Task Members_cannot_administer_users()
    {
        await _server.CreateUserAsync("ann");
        using var ann = _server.Client(await _server.CreateTokenAsync("ann"));
        (await ann.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ann.PutAsJsonAsync("/api/v1/users/ann/role", new { admin = true })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

public sealed class SqliteUsersApiTests() : UsersApiTests(Provider.Sqlite);

public sealed class PostgresUsersApiTests() : UsersApiTests(Provider.Postgres);
