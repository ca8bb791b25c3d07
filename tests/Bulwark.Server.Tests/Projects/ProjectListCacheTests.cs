using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bulwark.Server.Access;
using Bulwark.Server.Projects;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bulwark.Server.Tests.Projects;

/// <summary>
/// <c>GET /api/v1/projects</c> is answered from <see cref="ProjectListCache"/>: every write path must show on the
/// very next list. Each list is read twice before a change, so the second read comes from the cache.
/// </summary>
public abstract class ProjectListCacheTests(Provider provider) : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _admin = null!;
    private HttpClient _dana = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        await _server.CreateUserAsync("dana");
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
        _dana = _server.Client(await _server.CreateTokenAsync("dana"));
        await _admin.CreateProjectAsync("ml-api");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _dana.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>"name:role:description" per listed project, read twice (the second from the cache) and checked equal.</summary>
    private static async Task<string[]> ListAsync(HttpClient client)
    {
        var first = await ReadAsync(client);
        var second = await ReadAsync(client);
        second.ShouldBe(first);
        return second;
    }

    private static async Task<string[]> ReadAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/projects");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("application/json; charset=utf-8");
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. list.EnumerateArray().Select(p => $"{p.GetProperty("name").GetString()}:{p.GetProperty("role").GetString()}:{p.GetProperty("description").GetString()}")];
    }

    [Fact]
    public async Task Every_membership_change_shows_on_the_next_list()
    {
        (await ListAsync(_dana)).ShouldBeEmpty();
        (await _admin.PostAsJsonAsync("/api/v1/projects/ml-api/members", new { username = "dana", role = "viewer" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await ListAsync(_dana)).ShouldBe(["ml-api:viewer:"]);
        (await _admin.PutAsJsonAsync("/api/v1/projects/ml-api/members/dana", new { role = "maintainer" })).EnsureSuccessStatusCode();
        (await ListAsync(_dana)).ShouldBe(["ml-api:maintainer:"]);
        (await _admin.DeleteAsync("/api/v1/projects/ml-api/members/dana")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ListAsync(_dana)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Project_creation_update_and_archiving_show_on_the_next_list()
    {
        (await ListAsync(_admin)).ShouldBe(["ml-api:owner:"]);
        await _admin.CreateProjectAsync("data-prep");
        (await ListAsync(_admin)).ShouldBe(["data-prep:owner:", "ml-api:owner:"]);
        (await _admin.PatchAsJsonAsync("/api/v1/projects/ml-api", new { description = "serving" })).EnsureSuccessStatusCode();
        (await ListAsync(_admin)).ShouldBe(["data-prep:owner:", "ml-api:owner:serving"]);
        (await _admin.PostAsync("/api/v1/projects/data-prep/archive", null)).EnsureSuccessStatusCode();
        (await ListAsync(_admin)).ShouldBe(["ml-api:owner:serving"]);
    }

    [Fact]
    public async Task Changes_saved_straight_to_the_database_show_on_the_next_list()
    {
        (await ListAsync(_dana)).ShouldBeEmpty();
        await _server.AddMemberAsync("ml-api", "dana", ProjectRole.Developer);
        (await ListAsync(_dana)).ShouldBe(["ml-api:developer:"]);
        await _server.WithDatabaseAsync(async db =>
        {
            var member = await db.ProjectMembers.SingleAsync(m => m.User!.UserName == "dana");
            db.ProjectMembers.Remove(member);
            return await db.SaveChangesAsync();
        });
        (await ListAsync(_dana)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_change_committed_inside_a_transaction_shows_on_the_next_list()
    {
        (await ListAsync(_dana)).ShouldBeEmpty();
        await _server.WithDatabaseAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var projectId = await db.Projects.Where(p => p.Name == "ml-api").Select(p => p.Id).SingleAsync();
            var userId = await db.Users.Where(u => u.UserName == "dana").Select(u => u.Id).SingleAsync();
            db.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, UserId = userId, Role = ProjectRole.Viewer });
            await db.SaveChangesAsync();
            // Saved but not committed: a list read now sees no membership, and must not be kept past the commit.
            (await ReadAsync(_dana)).ShouldBeEmpty();
            await transaction.CommitAsync();
            return 0;
        });
        (await ListAsync(_dana)).ShouldBe(["ml-api:viewer:"]);
    }

    [Fact]
    public async Task The_cached_answer_is_the_same_json_as_the_database_one()
    {
        await _admin.CreateProjectAsync("data-prep");
        var cache = _server.Services.GetRequiredService<ProjectListCache>();
        cache.Invalidate();
        var fresh = await _admin.GetStringAsync("/api/v1/projects");
        var cached = await _admin.GetStringAsync("/api/v1/projects");
        cached.ShouldBe(fresh);
        fresh.ShouldContain("\"repositoryUrl\":\"https://git.example/acme/data-prep.git\"");
        fresh.ShouldContain("\"protectedBranches\":[\"main\",\"master\"]");
        fresh.ShouldContain("\"webhookSecret\":null");
    }
}

public sealed class SqliteProjectListCacheTests() : ProjectListCacheTests(Provider.Sqlite);

public sealed class PostgresProjectListCacheTests() : ProjectListCacheTests(Provider.Postgres);

/// <summary>The cache's own rules, without a server.</summary>
public sealed class ProjectListCacheRulesTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_list_loaded_while_a_change_was_made_is_not_kept()
    {
        var cache = new ProjectListCache(_time);
        var before = cache.Generation;
        cache.Invalidate();
        cache.Add("u1", false, [1], before);
        cache.Get("u1", false).ShouldBeNull();
        cache.Add("u1", false, [2], cache.Generation);
        cache.Get("u1", false).ShouldBe(new byte[] { 2 });
    }

    [Fact]
    public void Entries_are_per_caller_and_role_and_expire_after_the_lifetime()
    {
        var cache = new ProjectListCache(_time);
        cache.Add("u1", true, [1], cache.Generation);
        cache.Get("u1", false).ShouldBeNull();
        cache.Get("u2", true).ShouldBeNull();
        _time.Advance(ProjectListCache.Lifetime);
        cache.Get("u1", true).ShouldBe(new byte[] { 1 });
        _time.Advance(TimeSpan.FromMilliseconds(1));
        cache.Get("u1", true).ShouldBeNull();
    }

    [Fact]
    public void The_cache_stays_within_its_entry_and_byte_bounds()
    {
        var cache = new ProjectListCache(_time);
        for (var i = 0; i <= ProjectListCache.MaxEntries; i++)
        {
            cache.Add($"u{i}", false, [1], cache.Generation);
        }
        cache.Get("u0", false).ShouldBeNull();
        cache.Get($"u{ProjectListCache.MaxEntries}", false).ShouldNotBeNull();
        cache.Add("big", false, new byte[ProjectListCache.MaxBytes / 8 + 1], cache.Generation);
        cache.Get("big", false).ShouldBeNull();
    }
}
