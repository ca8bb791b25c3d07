using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Projects;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Tests.Projects;

public abstract class ProjectSettingsApiTests(Provider provider) : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider, o => o with { MaxRequestBodyBytes = 16 * 1024 });
        await _server.CreateUserAsync("root", isAdmin: true);
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
        await _admin.CreateProjectAsync("ml-api");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<HttpClient> MemberAsync(string username, ProjectRole role)
    {
        await _server.CreateUserAsync(username);
        await _server.AddMemberAsync("ml-api", username, role);
        return _server.Client(await _server.CreateTokenAsync(username));
    }

    [Fact]
    public async Task A_viewer_reads_the_project_and_a_non_member_cannot_tell_it_exists()
    {
        using var viewer = await MemberAsync("vic", ProjectRole.Viewer);
        var project = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/projects/ml-api");
        project.GetProperty("role").GetString().ShouldBe("viewer");
        project.GetProperty("webhookSecret").ValueKind.ShouldBe(JsonValueKind.Null);

        await _server.CreateUserAsync("eve");
        using var outsider = _server.Client(await _server.CreateTokenAsync("eve"));
        (await outsider.GetAsync("/api/v1/projects/ml-api")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await outsider.GetAsync("/api/v1/projects/nope")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _admin.GetAsync("/api/v1/projects/nope")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_maintainer_updates_settings_and_only_real_changes_are_audited()
    {
        using var maintainer = await MemberAsync("mia", ProjectRole.Maintainer);
        var response = await maintainer.PatchAsJsonAsync("/api/v1/projects/ml-api", new { description = "Fraud model", credentialReference = "GIT_DEPLOY_KEY" });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("description").GetString().ShouldBe("Fraud model");
        body.GetProperty("repositoryUrl").GetString().ShouldBe("https://git.example/acme/ml-api.git");
        (await maintainer.PatchAsJsonAsync("/api/v1/projects/ml-api", new { description = "Fraud model" })).EnsureSuccessStatusCode();

        var updates = await _server.WithDatabaseAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.ProjectUpdated).ToListAsync());
        updates.Count.ShouldBe(1);
        updates[0].ActorName.ShouldBe("mia");
        updates[0].Details.ShouldContain("GIT_DEPLOY_KEY");
        (await maintainer.PostAsync("/api/v1/projects/ml-api/archive", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("""{"repositoryUrl":"https://user:hunter2@git.example/a/b"}""", "repositoryUrl")]
    [InlineData("""{"repositoryUrl":"file:///etc/passwd"}""", "repositoryUrl")]
    [InlineData("""{"credentialReference":"ghp_x y"}""", "credentialReference")]
    [InlineData("""{"credentialReference":"../../secrets"}""", "credentialReference")]
    [InlineData("""{"credentialReference":"git/deploy-key"}""", "credentialReference")]
    [InlineData("""{"description":"a\u0000b"}""", "description")]
    [InlineData("""{"description":"ok","webhookSecret":"mine"}""", "webhookSecret")]
    [InlineData("""{"description":""", "")]
    public async Task Bad_updates_are_400_problems_and_change_nothing(string json, string mentioned)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await _admin.PatchAsync("/api/v1/projects/ml-api", content);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain(mentioned);
        var project = await _server.WithDatabaseAsync(db => db.Projects.SingleAsync());
        project.Description.ShouldBe("");
        project.CredentialReference.ShouldBeNull();
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        using var content = new StringContent($$"""{"description":"{{new string('a', 64 * 1024)}}"}""", Encoding.UTF8, "application/json");
        var response = await _admin.PatchAsync("/api/v1/projects/ml-api", content);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("/api/v1/projects/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/v1/projects/%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("/api/v1/projects/ML-API")]
    public async Task Names_outside_the_safe_alphabet_are_not_found(string path)
    {
        var response = await _admin.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("<script>");
    }

    [Fact]
    public async Task Rotating_the_webhook_secret_shows_the_new_one_once_and_replaces_the_old()
    {
        var first = await _server.WithDatabaseAsync(db => db.Projects.SingleAsync());
        var response = await _admin.PostAsync("/api/v1/projects/ml-api/webhook-secret", null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var secret = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhookSecret").GetString()!;
        secret.Length.ShouldBe(64);

        var after = await _server.WithDatabaseAsync(db => db.Projects.SingleAsync());
        after.WebhookSecretCiphertext.ShouldNotBe(first.WebhookSecretCiphertext);
        _server.Services.GetRequiredService<WebhookSecrets>().Decrypt(after.Id, after.WebhookSecretCiphertext).ShouldBe(secret);
        (await _admin.GetStringAsync("/api/v1/projects/ml-api")).ShouldNotContain(secret);
        var rotated = await _server.WithDatabaseAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.WebhookSecretRotated));
        rotated.Details.ShouldNotContain(secret);
    }

    [Fact]
    public async Task An_archived_project_leaves_the_list_refuses_changes_and_closes_to_members()
    {
        using var owner = await MemberAsync("olga", ProjectRole.Owner);
        (await owner.PostAsync("/api/v1/projects/ml-api/archive", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _admin.GetFromJsonAsync<JsonElement>("/api/v1/projects")).GetArrayLength().ShouldBe(0);
        (await _admin.PatchAsJsonAsync("/api/v1/projects/ml-api", new { description = "x" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _admin.PostAsync("/api/v1/projects/ml-api/archive", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await owner.GetAsync("/api/v1/projects/ml-api")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var archived = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/projects/ml-api");
        archived.GetProperty("archivedAt").ValueKind.ShouldBe(JsonValueKind.String);
        (await _server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.ProjectArchived))).ShouldBe(1);
    }
}

public sealed class SqliteProjectSettingsApiTests() : ProjectSettingsApiTests(Provider.Sqlite);

public sealed class PostgresProjectSettingsApiTests() : ProjectSettingsApiTests(Provider.Postgres);
