using System.Net;
using System.Net.Http.Json;
using Bulwark.Server.Audit;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Tests.Audit;

/// <summary>The /audit page, fetched with an administrator's token (the page policy accepts both sessions and tokens).</summary>
public sealed class AuditViewerTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(Provider.Sqlite);
        await _server.CreateUserAsync("root", isAdmin: true);
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
        (await _admin.PostAsJsonAsync("/api/v1/projects", new { name = "vision", repositoryUrl = "https://git.example/acme/vision" })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Shows_the_chain_status_and_entries_newest_first_in_an_accessible_table()
    {
        var html = await _admin.GetStringAsync("/audit");
        html.ShouldContain("Intact: 2 entries verified");
        html.ShouldContain("<caption>");
        html.ShouldContain("<th scope=\"col\">Action</th>");
        html.IndexOf("project.created", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("user.created", StringComparison.Ordinal));
        html.ShouldContain("<label for=\"actor\">");
        html.ShouldNotContain("<script");
    }

    [Fact]
    public async Task Filters_come_from_the_query_string()
    {
        var html = await _admin.GetStringAsync("/audit?action=user.");
        html.ShouldContain("user.created");
        html.ShouldNotContain("project:vision");
        (await _admin.GetStringAsync("/audit?since=not-a-date")).ShouldContain("Since must be a date");
    }

    [Fact]
    public async Task Pages_link_to_older_entries()
    {
        await using (var scope = _server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Storage.BulwarkDbContext>();
            for (var i = 0; i < 55; i++)
            {
                await _server.Services.GetRequiredService<AuditLog>().AppendAsync(db, new AuditEvent(AuditActions.SettingChanged) { Target = $"setting:{i}" }, CancellationToken.None);
            }
        }
        var html = await _admin.GetStringAsync("/audit");
        html.ShouldContain("before=8");
        var older = await _admin.GetStringAsync("/audit?before=8");
        older.ShouldContain("user.created");
        older.ShouldNotContain("setting:54");
    }

    [Fact]
    public async Task Names_the_first_bad_entry_when_tampered_and_escapes_what_it_shows()
    {
        await using (var scope = _server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Storage.BulwarkDbContext>();
            await _server.Services.GetRequiredService<AuditLog>().AppendAsync(db, new AuditEvent(AuditActions.SettingChanged) { Target = "<script>alert(1)</script>" }, CancellationToken.None);
        }
        await _server.WithDatabaseAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "ActorName" = 'someone-else' WHERE "Sequence" = 1"""));
        var html = await _admin.GetStringAsync("/audit");
        html.ShouldContain("Tampered: first bad entry 1.");
        html.ShouldNotContain("<script>alert(1)</script>");
        html.ShouldContain("&lt;script&gt;");
    }

    [Fact]
    public async Task Members_cannot_open_the_viewer()
    {
        await _server.CreateUserAsync("dev");
        using var member = _server.Client(await _server.CreateTokenAsync("dev"));
        var response = await member.GetAsync("/audit");
        response.StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }
}
