using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bulwark.Server.Audit;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Projects;

public abstract class ProjectsApiTests(Provider provider) : IAsyncLifetime
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
    public async Task Create_returns_the_webhook_secret_once_and_list_never_shows_it()
    {
        var created = await _admin.PostAsJsonAsync("/api/v1/projects", new { name = "ml-api", repositoryUrl = "https://git.example/acme/ml-api.git" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("webhookSecret").GetString()!.Length.ShouldBe(64);
        body.GetProperty("role").GetString().ShouldBe("owner");

        var list = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/projects");
        list.GetArrayLength().ShouldBe(1);
        list[0].GetProperty("name").GetString().ShouldBe("ml-api");
        list[0].GetProperty("webhookSecret").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Creating_a_project_is_audited_and_the_chain_verifies()
    {
        (await _admin.PostAsJsonAsync("/api/v1/projects", new { name = "vision", repositoryUrl = "git@git.example:acme/vision.git" })).EnsureSuccessStatusCode();
        var entries = await _server.WithDatabaseAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync());
        entries.Select(e => e.Action).ShouldBe([AuditActions.UserCreated, AuditActions.ProjectCreated]);
        entries[1].Target.ShouldBe("project:vision");
        var verdict = await _server.WithDatabaseAsync(db => AuditVerifier.VerifyAsync(db, null, CancellationToken.None));
        verdict.Valid.ShouldBeTrue();
        verdict.Entries.ShouldBe(2);
    }

    [Fact]
    public async Task Members_cannot_create_projects_and_anonymous_callers_get_401()
    {
        await _server.CreateUserAsync("dev");
        using var member = _server.Client(await _server.CreateTokenAsync("dev"));
        var forbidden = await member.PostAsJsonAsync("/api/v1/projects", new { name = "x", repositoryUrl = "https://git.example/a/x" });
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await forbidden.Content.ReadAsStringAsync()).ShouldContain("administrator");
        (await member.PostAsJsonAsync("/api/v1/projects", new { name = "y", repositoryUrl = "https://git.example/a/y" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var denied = (await _server.WithDatabaseAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.AccessDenied).ToListAsync())).ShouldHaveSingleItem();
        denied.ActorName.ShouldBe("dev");
        denied.Target.ShouldBe("POST /api/v1/projects/");
        denied.Details.ShouldContain("administrator");
        using var anonymous = _server.Client();
        (await anonymous.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var wrong = _server.Client("bwk_aaaaaaaaaaaa_" + new string('x', 43));
        (await wrong.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("""{"name":"../etc","repositoryUrl":"https://git.example/a/b"}""", "name")]
    [InlineData("""{"name":"<script>x","repositoryUrl":"https://git.example/a/b"}""", "name")]
    [InlineData("""{"name":"ok","repositoryUrl":"https://user:pw@git.example/a/b"}""", "repositoryUrl")]
    [InlineData("""{"name":"ok","repositoryUrl":"file:///etc/passwd"}""", "repositoryUrl")]
    [InlineData("""{"name":"ok","repositoryUrl":"http://127.0.0.1:8080/a.git"}""", "repositoryUrl")]
    [InlineData("""{"name":"ok","repositoryUrl":"http://git.example/a.git"}""", "repositoryUrl")]
    [InlineData("""{"name":"ok","repositoryUrl":"https://git.example/a/b","extra":1}""", "extra")]
    [InlineData("""{"name":"ok","repositoryUrl":""", "")]
    public async Task Bad_input_is_a_400_problem_and_stores_nothing(string json, string mentioned)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await _admin.PostAsync("/api/v1/projects", content);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain(mentioned);
        (await _server.WithDatabaseAsync(db => db.Projects.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_second_project_with_the_same_name_is_a_conflict()
    {
        (await _admin.PostAsJsonAsync("/api/v1/projects", new { name = "dup", repositoryUrl = "https://git.example/a/dup" })).EnsureSuccessStatusCode();
        var again = await _admin.PostAsJsonAsync("/api/v1/projects", new { name = "dup", repositoryUrl = "https://git.example/a/dup" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}

public sealed class SqliteProjectsApiTests() : ProjectsApiTests(Provider.Sqlite);

public sealed class PostgresProjectsApiTests() : ProjectsApiTests(Provider.Postgres);
