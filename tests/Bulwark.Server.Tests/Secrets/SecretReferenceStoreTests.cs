using System.Net;
using Bulwark.Server.Audit;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Bulwark.Server.Tests.Secrets.External;
using Microsoft.EntityFrameworkCore;
using static Bulwark.Server.Tests.Secrets.External.FakeVault;
using static Bulwark.Server.Tests.Secrets.SecretTestData;

namespace Bulwark.Server.Tests.Secrets;

/// <summary>
/// A secret stored as a reference (vault://mount/path#key): the server keeps the reference, and a job gets the value
/// fetched from Vault when it asks — here a loopback server replaying Vault's documented answers (see docs/vault.md).
/// </summary>
public abstract class SecretReferenceStoreTests(Provider provider) : IAsyncLifetime
{
    private const string Secrets = "/api/v1/projects/ml-api/secrets";
    private FakeVault _vault = null!;
    private TestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _vault = await FakeVault.StartAsync();
        _server = await TestServer.StartAsync(provider, options =>
        {
            var tokenFile = Path.Combine(options.DataDirectory, "vault-token");
            File.WriteAllText(tokenFile, VaultTestKit.StaticToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            File.WriteAllText(Path.Combine(options.DataDirectory, "server.toml"),
                $"[vault]\naddress = \"{_vault.Address.GetLeftPart(UriPartial.Authority)}\"\ntoken-file = \"{tokenFile}\"\n");
            return options;
        });
        await _server.CreateUserAsync("root", isAdmin: true);
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
        await _admin.CreateProjectAsync("ml-api");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
        await _vault.DisposeAsync();
    }

    [Fact]
    public async Task A_reference_is_stored_as_given_and_a_job_gets_the_value_from_Vault_with_the_read_audited()
    {
        _vault.On("GET", VaultTestKit.ReadPath, Reply.Json(200, "kv2-read-latest.json"));
        (await _admin.PutSecretAsync($"{Secrets}/API_TOKEN", new { value = "vault://kv/ci/deploy#api-token" })).EnsureSuccessStatusCode();

        var secret = (await _server.ResolveAsync(Job("ml-api"))).ShouldHaveSingleItem();

        secret.Value.ShouldBe(VaultTestKit.LatestValue);
        _vault.Requests.ShouldHaveSingleItem().PathAndQuery.ShouldBe(VaultTestKit.ReadPath);
        (await _server.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.SecretRead))).ShouldBe(1);
        var listed = await _admin.GetStringAsync(Secrets);
        listed.ShouldNotContain(VaultTestKit.LatestValue);
    }

    [Fact]
    public async Task A_malformed_reference_is_refused_without_echoing_it()
    {
        var response = await _admin.PutSecretAsync($"{Secrets}/API_TOKEN", new { value = "vault://kv/../etc#k" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("../etc");
    }

    [Fact]
    public async Task A_failing_provider_fails_the_job_request_naming_the_reference()
    {
        _vault.On("GET", VaultTestKit.ReadPath, Reply.Json(404, "error-not-found.json"));
        (await _admin.PutSecretAsync($"{Secrets}/API_TOKEN", new { value = "vault://kv/ci/deploy#api-token" })).EnsureSuccessStatusCode();

        var failure = await Should.ThrowAsync<Bulwark.Server.Secrets.External.SecretProviderException>(() => _server.ResolveAsync(Job("ml-api")));

        failure.Message.ShouldContain("vault://kv/ci/deploy#api-token");
    }
}

public sealed class SqliteSecretReferenceStoreTests() : SecretReferenceStoreTests(Provider.Sqlite);

public sealed class PostgresSecretReferenceStoreTests() : SecretReferenceStoreTests(Provider.Postgres);
