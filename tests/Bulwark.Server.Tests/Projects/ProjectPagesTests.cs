using System.Net;
using Bulwark.Server.Access;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Projects;

public abstract class ProjectPagesTests(Provider provider) : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        await _server.EnrolMfaAsync("root");
        await _server.CreateUserAsync("dev");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_admin_creates_a_project_on_the_page_and_sees_the_webhook_secret_once_with_names_escaped()
    {
        using var root = await BrowserSession.SignInAsync(_server, "root");
        var created = await root.PostFormAsync("/projects", "create-project",
            ("Form.Name", "ml-api"), ("Form.RepositoryUrl", "https://git.example/acme/ml-api.git"), ("Form.Description", "<script>alert(1)</script>"));
        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await created.Content.ReadAsStringAsync();
        html.ShouldContain("shown only this once");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.ShouldNotContain("<script>");
        var start = html.IndexOf("<p class=\"secret\">", StringComparison.Ordinal) + "<p class=\"secret\">".Length;
        var secret = html[start..html.IndexOf('<', start)];
        secret.Length.ShouldBe(64);

        var again = await (await root.GetAsync("/projects")).Content.ReadAsStringAsync();
        again.ShouldContain("ml-api");
        again.ShouldNotContain(secret);
        (await (await root.GetAsync("/projects/ml-api")).Content.ReadAsStringAsync()).ShouldNotContain(secret);
    }

    [Fact]
    public async Task A_member_sees_no_create_form_and_a_forged_post_creates_nothing()
    {
        using var dev = await BrowserSession.SignInAsync(_server, "dev");
        (await (await dev.GetAsync("/projects")).Content.ReadAsStringAsync()).ShouldNotContain("create-project");
        var forged = await dev.PostFormAsync("/projects", "create-project", ("Form.Name", "evil"), ("Form.RepositoryUrl", "https://git.example/a/b"));
        ((int)forged.StatusCode).ShouldBeGreaterThanOrEqualTo(400);
        (await _server.WithDatabaseAsync(db => db.Projects.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task Pages_need_a_session_and_project_pages_need_a_role()
    {
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.BaseAddress };
        var response = await noRedirect.GetAsync("/projects");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/signin");

        using var root = _server.Client(await _server.CreateTokenAsync("root"));
        await root.CreateProjectAsync("ml-api");
        using var dev = await BrowserSession.SignInAsync(_server, "dev");
        (await dev.GetAsync("/projects/ml-api")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        await _server.AddMemberAsync("ml-api", "dev", ProjectRole.Viewer);
        var page = await (await dev.GetAsync("/projects/ml-api")).Content.ReadAsStringAsync();
        page.ShouldContain("https://git.example/acme/ml-api.git");
        page.ShouldNotContain("rotate-webhook-secret");
        page.ShouldNotContain("add-member");
    }

    [Fact]
    public async Task Adding_a_member_on_the_page_asks_for_step_up_first()
    {
        using var token = _server.Client(await _server.CreateTokenAsync("root"));
        await token.CreateProjectAsync("ml-api");
        using (var root = await BrowserSession.SignInAsync(_server, "root"))
        {
            var redirected = await root.PostFormAsync("/projects/ml-api", "add-member", ("Member.Username", "dev"), ("Member.Role", "developer"));
            redirected.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            redirected.Headers.Location!.ToString().ShouldEndWith("/account/step-up?returnUrl=%2Fprojects%2Fml-api");
            (await _server.WithDatabaseAsync(db => db.ProjectMembers.CountAsync())).ShouldBe(1);
        }
        using var steppedUp = await BrowserSession.SignInAsync(_server, "root", steppedUp: true);
        var added = await steppedUp.PostFormAsync("/projects/ml-api", "add-member", ("Member.Username", "dev"), ("Member.Role", "developer"));
        added.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await added.Content.ReadAsStringAsync()).ShouldContain("dev added.");
        var changed = await steppedUp.PostFormAsync("/projects/ml-api", "role-dev", ("role", "maintainer"));
        (await changed.Content.ReadAsStringAsync()).ShouldContain("dev is now maintainer.");
        var member = await _server.WithDatabaseAsync(db => db.ProjectMembers.SingleAsync(m => m.User!.UserName == "dev"));
        member.Role.ShouldBe(ProjectRole.Maintainer);
    }
}

public sealed class SqliteProjectPagesTests() : ProjectPagesTests(Provider.Sqlite);

public sealed class PostgresProjectPagesTests() : ProjectPagesTests(Provider.Postgres);
