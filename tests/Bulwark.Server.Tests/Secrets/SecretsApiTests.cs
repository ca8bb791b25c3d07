using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Tests.Secrets;

public abstract class SecretsApiTests(Provider provider) : IAsyncLifetime
{
    private const string Value = "hf_Secret-Value-9f8e7d6c5b4a";
    private const string Path = "/api/v1/projects/ml-api/secrets";
    private TestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
        await _admin.CreateProjectAsync("ml-api");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_vault_reference_is_refused_when_this_server_has_no_Vault_configured()
    {
        var response = await _admin.PutSecretAsync($"{Path}/API_TOKEN", new { value = "vault://kv/ci/deploy#api-token" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("no vault provider is configured");
    }

    [Fact]
    public async Task Put_creates_then_updates_and_the_list_shows_metadata_but_never_the_value()
    {
        var created = await _admin.PutSecretAsync($"{Path}/HF_TOKEN", new { value = Value, branches = new[] { "main", "release/*" }, protectedOnly = true });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await created.Content.ReadAsStringAsync()).ShouldNotContain(Value);
        var updated = await _admin.PutSecretAsync($"{Path}/HF_TOKEN", new { value = Value + "2" });
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await updated.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("version").GetInt32().ShouldBe(2);
        body.GetProperty("rules").GetProperty("protectedOnly").GetBoolean().ShouldBeTrue("absent rules keep their setting");
        body.GetProperty("rules").GetProperty("events").EnumerateArray().Select(e => e.GetString()).ShouldBe(["manual", "push", "tag"]);

        var raw = await _admin.GetStringAsync(Path);
        raw.ShouldNotContain(Value);
        var list = JsonDocument.Parse(raw).RootElement;
        list.GetArrayLength().ShouldBe(1);
        list[0].GetProperty("name").GetString().ShouldBe("HF_TOKEN");
        list[0].GetProperty("scope").GetString().ShouldBe("project");
        list[0].GetProperty("updatedBy").GetString().ShouldBe("root");
        list[0].EnumerateObject().Select(p => p.Name).ShouldBe(["name", "scope", "environment", "version", "rules", "createdBy", "createdAt", "updatedBy", "updatedAt"]);
    }

    [Fact]
    public async Task Only_maintainers_owners_admins_and_tokens_with_secrets_write_can_write_and_no_answer_holds_a_value()
    {
        var clients = new Dictionary<string, (HttpClient Client, bool MayWrite)>();
        foreach (var (user, role) in new[] { ("viewer", ProjectRole.Viewer), ("developer", ProjectRole.Developer), ("maintainer", ProjectRole.Maintainer), ("owner", ProjectRole.Owner) })
        {
            await _server.CreateUserAsync(user);
            await _server.EnrolMfaAsync(user);
            await _server.AddMemberAsync("ml-api", user, role);
            clients[user] = (_server.Client(await _server.CreateTokenAsync(user)), role >= ProjectRole.Maintainer);
        }
        clients["admin"] = (_admin, true);
        clients["maintainer-write-scope"] = (_server.Client(await _server.CreateTokenAsync("maintainer", "write read")), false);
        clients["maintainer-secrets-read"] = (_server.Client(await _server.CreateTokenAsync("maintainer", "secrets:read")), false);
        clients["maintainer-secrets-write"] = (_server.Client(await _server.CreateTokenAsync("maintainer", "secrets:write")), true);
        var bodies = new StringBuilder();
        foreach (var (who, (client, mayWrite)) in clients)
        {
            var name = "S_" + who.Replace('-', '_').ToUpperInvariant();
            var put = await client.PutSecretAsync($"{Path}/{name}", new { value = Value });
            put.StatusCode.ShouldBe(mayWrite ? HttpStatusCode.Created : HttpStatusCode.Forbidden, who);
            var target = mayWrite ? name : "S_ADMIN";
            var rollback = await client.PostAsJsonAsync($"{Path}/{target}/rollback", new { version = 1 });
            rollback.StatusCode.ShouldBe(mayWrite ? HttpStatusCode.OK : HttpStatusCode.Forbidden, who);
            var list = await client.GetAsync(Path);
            list.StatusCode.ShouldBe(who == "maintainer-secrets-write" ? HttpStatusCode.Forbidden : HttpStatusCode.OK, who);
            foreach (var response in new[] { put, rollback, list })
            {
                bodies.Append(await response.Content.ReadAsStringAsync());
            }
        }
        var delete = await clients["developer"].Client.DeleteAsync($"{Path}/S_ADMIN");
        delete.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await clients["owner"].Client.DeleteAsync($"{Path}/S_ADMIN")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        bodies.Append(await delete.Content.ReadAsStringAsync());
        bodies.ToString().ShouldNotContain(Value);
        bodies.ToString().ShouldNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Value)));
        bodies.ToString().ShouldContain("secrets:write");
    }

    [Fact]
    public async Task Organisation_secrets_are_for_administrators_only()
    {
        await _server.CreateUserAsync("maintainer");
        await _server.EnrolMfaAsync("maintainer");
        await _server.AddMemberAsync("ml-api", "maintainer", ProjectRole.Maintainer);
        using var maintainer = _server.Client(await _server.CreateTokenAsync("maintainer"));
        (await maintainer.PutSecretAsync("/api/v1/secrets/REGISTRY", new { value = Value })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await maintainer.GetAsync("/api/v1/secrets")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _admin.PutSecretAsync("/api/v1/secrets/REGISTRY", new { value = Value })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _admin.GetFromJsonAsync<JsonElement>("/api/v1/secrets"))[0].GetProperty("scope").GetString().ShouldBe("organization");
        (await _admin.GetFromJsonAsync<JsonElement>(Path)).GetArrayLength().ShouldBe(0, "project listings do not show organisation secrets");
    }

    [Fact]
    public async Task Environment_secrets_are_listed_with_their_environment()
    {
        (await _admin.PutSecretAsync("/api/v1/projects/ml-api/environments/production/secrets/DB_URL", new { value = Value })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _admin.PutSecretAsync($"{Path}/DB_URL", new { value = Value })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var env = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/projects/ml-api/environments/production/secrets");
        env.GetArrayLength().ShouldBe(1);
        env[0].GetProperty("environment").GetString().ShouldBe("production");
        (await _admin.GetFromJsonAsync<JsonElement>(Path)).GetArrayLength().ShouldBe(2);
    }

    [Theory]
    [InlineData("1BAD", """{"value":"x"}""", "secret")]
    [InlineData("BAD-NAME", """{"value":"x"}""", "secret")]
    [InlineData("OK", """{"value":""}""", "value")]
    [InlineData("OK", """{}""", "value")]
    [InlineData("OK", """{"value":"x","extra":1}""", "extra")]
    [InlineData("OK", """{"value":"x","events":["pull_request_target"]}""", "events")]
    [InlineData("OK", """{"value":"x","events":[]}""", "events")]
    [InlineData("OK", """{"value":"x","branches":["main branch"]}""", "branches")]
    [InlineData("OK", """{"value":"x","jobs":["a/b"]}""", "jobs")]
    [InlineData("OK", """{"value":"\ud800"}""", "value")]
    public async Task Bad_writes_get_a_400_naming_the_field(string name, string json, string field)
    {
        var response = await _admin.PutAsync($"{Path}/{name}", new StringContent(json, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain(field);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Oversized_values_and_names_are_refused()
    {
        var big = await _admin.PutSecretAsync($"{Path}/BIG", new { value = new string('a', 64 * 1024 + 1) });
        big.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await big.Content.ReadAsStringAsync()).ShouldContain("65536");
        (await _admin.PutSecretAsync($"{Path}/BIG", new { value = new string('a', 64 * 1024) })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _admin.PutSecretAsync($"{Path}/{new string('N', 129)}", new { value = "x" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Writes_deletes_and_rollbacks_are_audited_without_values_and_the_chain_verifies()
    {
        await _admin.PutSecretAsync($"{Path}/TOKEN", new { value = Value });
        await _admin.PutSecretAsync($"{Path}/TOKEN", new { value = Value + "b" });
        (await _admin.PostAsJsonAsync($"{Path}/TOKEN/rollback", new { version = 1 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _admin.DeleteAsync($"{Path}/TOKEN")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _admin.DeleteAsync($"{Path}/TOKEN")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var entries = await _server.WithDatabaseAsync(db => db.AuditEntries.Where(e => e.Action.StartsWith("secret.")).OrderBy(e => e.Sequence).ToListAsync());
        entries.Select(e => e.Action).ShouldBe([AuditActions.SecretWrite, AuditActions.SecretWrite, AuditActions.SecretRollback, AuditActions.SecretDelete]);
        entries.ShouldAllBe(e => e.Target == "secret:ml-api/TOKEN" && e.ActorName == "root");
        entries[2].Details.ShouldContain("\"from\":\"1\"");
        entries[2].Details.ShouldContain("\"version\":\"3\"");
        entries.ShouldAllBe(e => !e.Details.Contains(Value));
        (await _server.WithDatabaseAsync(db => AuditVerifier.VerifyAsync(db, null, CancellationToken.None))).Valid.ShouldBeTrue();
    }

    [Fact]
    public async Task Only_the_ten_newest_versions_are_kept_and_rollback_restores_a_kept_value()
    {
        for (var i = 1; i <= 12; i++)
        {
            (await _admin.PutSecretAsync($"{Path}/ROTATING", new { value = $"value-{i}" })).EnsureSuccessStatusCode();
        }
        var versions = await _server.WithDatabaseAsync(db => db.SecretVersions.Select(v => v.Version).OrderBy(v => v).ToListAsync());
        versions.ShouldBe(Enumerable.Range(3, 10));
        var purged = await _admin.PostAsJsonAsync($"{Path}/ROTATING/rollback", new { version = 2 });
        purged.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await purged.Content.ReadAsStringAsync()).ShouldContain("3-12");
        var rolled = await _admin.PostAsJsonAsync($"{Path}/ROTATING/rollback", new { version = 5 });
        (await rolled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32().ShouldBe(13);
        var secret = (await _server.ResolveAsync(SecretTestData.Job("ml-api"))).ShouldHaveSingleItem();
        secret.Value.ShouldBe("value-5");
        secret.Version.ShouldBe(13);
        (await _admin.PostAsJsonAsync($"{Path}/ROTATING/rollback", new { version = 0 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Archived_projects_refuse_writes_and_unknown_projects_are_404_for_admins()
    {
        (await _admin.PostAsync("/api/v1/projects/ml-api/archive", null)).EnsureSuccessStatusCode();
        (await _admin.PutSecretAsync($"{Path}/X", new { value = "x" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _admin.PutSecretAsync("/api/v1/projects/nope/secrets/X", new { value = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _admin.PutSecretAsync("/api/v1/projects/ml-api/environments/Bad%20Env/secrets/X", new { value = "x" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

public sealed class SqliteSecretsApiTests() : SecretsApiTests(Provider.Sqlite);

public sealed class PostgresSecretsApiTests() : SecretsApiTests(Provider.Postgres);
