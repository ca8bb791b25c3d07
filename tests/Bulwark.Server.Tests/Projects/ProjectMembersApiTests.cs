using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Projects;

public abstract class ProjectMembersApiTests(Provider provider) : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        await _server.CreateUserAsync("dana");
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
        await _admin.CreateProjectAsync("ml-api");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Adding_a_member_is_201_then_409_again_and_404_for_an_unknown_user()
    {
        var added = await _admin.PostAsJsonAsync("/api/v1/projects/ml-api/members", new { username = "dana", role = "developer" });
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString().ShouldBe("developer");
        (await _admin.PostAsJsonAsync("/api/v1/projects/ml-api/members", new { username = "dana", role = "viewer" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var unknown = await _admin.PostAsJsonAsync("/api/v1/projects/ml-api/members", new { username = "ghost", role = "viewer" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        var members = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/projects/ml-api/members");
        members.EnumerateArray().Select(m => $"{m.GetProperty("username").GetString()}:{m.GetProperty("role").GetString()}").ShouldBe(["dana:developer", "root:owner"]);
    }

    [Theory]
    [InlineData("""{"username":"dana","role":"admin"}""")]
    [InlineData("""{"username":"dana","role":"Owner"}""")]
    [InlineData("""{"username":"dana","role":"4"}""")]
    [InlineData("""{"username":"dana","role":""}""")]
    public async Task Invalid_roles_are_400_problems_that_list_the_valid_ones(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await _admin.PostAsync("/api/v1/projects/ml-api/members", content);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("viewer, developer, maintainer, owner");
        (await _server.WithDatabaseAsync(db => db.ProjectMembers.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task A_numeric_role_and_unknown_fields_are_refused()
    {
        using var numeric = new StringContent("""{"username":"dana","role":4}""", Encoding.UTF8, "application/json");
        (await _admin.PostAsync("/api/v1/projects/ml-api/members", numeric)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var extra = new StringContent("""{"username":"dana","role":"owner","admin":true}""", Encoding.UTF8, "application/json");
        var response = await _admin.PostAsync("/api/v1/projects/ml-api/members", extra);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("admin");
    }

    [Fact]
    public async Task Role_changes_and_removals_are_audited_with_old_and_new_role()
    {
        await _server.AddMemberAsync("ml-api", "dana", ProjectRole.Viewer);
        var changed = await _admin.PutAsJsonAsync("/api/v1/projects/ml-api/members/dana", new { role = "maintainer" });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _admin.DeleteAsync("/api/v1/projects/ml-api/members/dana")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _admin.DeleteAsync("/api/v1/projects/ml-api/members/dana")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var entries = await _server.WithDatabaseAsync(db => db.AuditEntries.Where(e => e.Action.StartsWith("project.member.")).OrderBy(e => e.Sequence).ToListAsync());
        entries.Select(e => e.Action).ShouldBe([AuditActions.MemberRoleChanged, AuditActions.MemberRemoved]);
        entries[0].Details.ShouldStartWith("""{"member":"dana","newRole":"maintainer","oldRole":"viewer",""");
        entries[1].Details.ShouldStartWith("""{"member":"dana","newRole":null,"oldRole":"maintainer",""");
    }

    [Fact]
    public async Task The_last_owner_can_be_neither_demoted_nor_removed()
    {
        var demote = await _admin.PutAsJsonAsync("/api/v1/projects/ml-api/members/root", new { role = "viewer" });
        demote.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await demote.Content.ReadAsStringAsync()).ShouldContain("at least one owner");
        (await _admin.DeleteAsync("/api/v1/projects/ml-api/members/root")).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        await _server.AddMemberAsync("ml-api", "dana", ProjectRole.Owner);
        (await _admin.DeleteAsync("/api/v1/projects/ml-api/members/root")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Only_owners_manage_members_and_a_removed_member_loses_access()
    {
        await _server.AddMemberAsync("ml-api", "dana", ProjectRole.Maintainer);
        await _server.CreateUserAsync("sam");
        using var dana = _server.Client(await _server.CreateTokenAsync("dana"));
        var refused = await dana.PostAsJsonAsync("/api/v1/projects/ml-api/members", new { username = "sam", role = "viewer" });
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("owner role");
        (await dana.GetAsync("/api/v1/projects/ml-api/members")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await _admin.DeleteAsync("/api/v1/projects/ml-api/members/dana")).EnsureSuccessStatusCode();
        (await dana.GetAsync("/api/v1/projects/ml-api")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Disabled_users_cannot_be_added()
    {
        await _server.WithDatabaseAsync(db => db.Users.Where(u => u.UserName == "dana").ExecuteUpdateAsync(s => s.SetProperty(u => u.Disabled, true)));
        (await _admin.PostAsJsonAsync("/api/v1/projects/ml-api/members", new { username = "dana", role = "viewer" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class SqliteProjectMembersApiTests() : ProjectMembersApiTests(Provider.Sqlite);

public sealed class PostgresProjectMembersApiTests() : ProjectMembersApiTests(Provider.Postgres);
