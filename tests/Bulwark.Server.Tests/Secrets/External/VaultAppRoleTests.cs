using System.Text.Json;
using Bulwark.Server.Secrets.External;
using Bulwark.Tests.Shared;
using Microsoft.Extensions.Time.Testing;
using static Bulwark.Server.Tests.Secrets.External.FakeVault;
using static Bulwark.Server.Tests.Secrets.External.VaultTestKit;

namespace Bulwark.Server.Tests.Secrets.External;

/// <summary>AppRole login, token caching over the lease, and the one re-login after a 403.</summary>
public sealed class VaultAppRoleTests : IAsyncLifetime
{
    private FakeVault _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await StartAsync();
        _vault.On("POST", LoginPath, Reply.Json(200, "approle-login.json"), Reply.Json(200, "approle-login-second.json"));
        _vault.On("GET", ReadPath, Reply.Json(200, "kv2-read-latest.json"));
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    private IEnumerable<RecordedRequest> Logins => _vault.Requests.Where(r => r.PathAndQuery == LoginPath);

    private IEnumerable<string?> ReadTokens => _vault.Requests.Where(r => r.Method == "GET").Select(r => r.Token);

    [Fact]
    public async Task Logs_in_with_role_id_and_secret_id_then_reads_with_the_client_token()
    {
        using var provider = Provider(AppRoleOptions(_vault));

        (await provider.ResolveAsync(Reference(), CancellationToken.None)).ShouldBe(LatestValue);

        var login = Logins.ShouldHaveSingleItem();
        login.Method.ShouldBe("POST");
        login.Token.ShouldBeNull();
        using var body = JsonDocument.Parse(login.Body);
        body.RootElement.GetProperty("role_id").GetString().ShouldBe(RoleId);
        body.RootElement.GetProperty("secret_id").GetString().ShouldBe(SecretId);
        ReadTokens.ShouldBe([LoginToken]);
    }

    [Fact]
    public async Task Uses_the_configured_approle_mount_and_a_secret_id_file()
    {
        using var folder = new TempDirectory("bulwark-vault-");
        _vault.On("POST", "/v1/auth/ci-approle/login", Reply.Json(200, "approle-login.json"));
        using var provider = Provider(AppRoleOptions(_vault) with
        {
            AppRoleMount = "ci-approle",
            SecretId = null,
            SecretIdFile = folder.Write("secret-id", SecretId + "\n"),
        });

        (await provider.ResolveAsync(Reference(), CancellationToken.None)).ShouldBe(LatestValue);

        using var body = JsonDocument.Parse(_vault.Requests.First().Body);
        body.RootElement.GetProperty("secret_id").GetString().ShouldBe(SecretId);
    }

    [Fact]
    public async Task The_client_token_is_reused_until_shortly_before_its_lease_ends()
    {
        var time = new FakeTimeProvider();
        using var provider = Provider(AppRoleOptions(_vault), time);

        await provider.ResolveAsync(Reference(), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1139));
        await provider.ResolveAsync(Reference(), CancellationToken.None);
        Logins.Count().ShouldBe(1);

        // The lease is 1200 s; the token is renewed by a new login in its last minute.
        time.Advance(TimeSpan.FromSeconds(2));
        await provider.ResolveAsync(Reference(), CancellationToken.None);

        Logins.Count().ShouldBe(2);
        ReadTokens.ShouldBe([LoginToken, LoginToken, SecondLoginToken]);
    }

    [Fact]
    public async Task Concurrent_resolutions_share_one_login()
    {
        using var provider = Provider(AppRoleOptions(_vault));

        var values = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => provider.ResolveAsync(Reference(), CancellationToken.None)));

        values.ShouldAllBe(v => v == LatestValue);
        Logins.Count().ShouldBe(1);
    }

    [Fact]
    public async Task A_403_logs_in_again_once_and_retries()
    {
        _vault.On("GET", ReadPath, Reply.Json(403, "error-permission-denied.json"), Reply.Json(200, "kv2-read-latest.json"));
        var logger = new CapturingLogger();
        using var provider = Provider(AppRoleOptions(_vault), logger: logger);

        (await provider.ResolveAsync(Reference(), CancellationToken.None)).ShouldBe(LatestValue);

        Logins.Count().ShouldBe(2);
        ReadTokens.ShouldBe([LoginToken, SecondLoginToken]);
        logger.Lines.ShouldContain(line => line.Contains("Vault refused the token while resolving vault://kv/ci/deploy#api-token"));
    }

    [Fact]
    public async Task A_second_403_after_the_new_login_is_permission_denied()
    {
        _vault.On("GET", ReadPath, Reply.Json(403, "error-permission-denied.json"));
        using var provider = Provider(AppRoleOptions(_vault));

        var ex = await FailsAsync(provider, Reference(), SecretProviderFailure.PermissionDenied);

        ex.Message.ShouldBe("vault://kv/ci/deploy#api-token: read: permission denied (HTTP 403)");
        Logins.Count().ShouldBe(2);
        ReadTokens.Count().ShouldBe(2);
    }

    [Fact]
    public async Task A_refused_login_is_permission_denied()
    {
        _vault.On("POST", LoginPath, Reply.Json(400, "error-invalid-secret-id.json"));
        using var provider = Provider(AppRoleOptions(_vault));

        var ex = await FailsAsync(provider, Reference(), SecretProviderFailure.PermissionDenied);

        ex.Message.ShouldContain("AppRole login at auth/approle: Vault refused the request (HTTP 400");
        ReadTokens.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_login_to_a_sealed_vault_is_reported_as_sealed()
    {
        _vault.On("POST", LoginPath, Reply.Json(503, "error-sealed.json"));
        using var provider = Provider(AppRoleOptions(_vault));

        await FailsAsync(provider, Reference(), SecretProviderFailure.Sealed);
    }

    [Theory]
    [InlineData("""{"auth":null}""")]
    [InlineData("""{"auth":{"client_token":"","lease_duration":1200}}""")]
    [InlineData("""{"auth":{"client_token":"bad\ntoken","lease_duration":1200}}""")]
    [InlineData("""{"auth":{"client_token":42,"lease_duration":1200}}""")]
    [InlineData("""{"auth":{"client_token":"5b1a0318","lease_duration":-1}}""")]
    [InlineData("""{"auth":{"client_token":"5b1a0318","lease_duration":"1200"}}""")]
    [InlineData("""{"auth":{"client_token":"5b1a0318"}}""")]
    public async Task A_login_answer_without_a_usable_token_and_lease_is_a_bad_response(string body)
    {
        _vault.On("POST", LoginPath, new Reply(200, body));
        using var provider = Provider(AppRoleOptions(_vault));

        var ex = await FailsAsync(provider, Reference(), SecretProviderFailure.BadResponse);

        ex.Message.ShouldContain("AppRole login at auth/approle: bad response from Vault");
        ReadTokens.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unreadable_secret_id_file_is_a_configuration_failure()
    {
        using var folder = new TempDirectory("bulwark-vault-");
        var file = folder.Write("secret-id", SecretId);
        using var provider = Provider(AppRoleOptions(_vault) with { SecretId = null, SecretIdFile = file });
        File.Delete(file);

        var ex = await FailsAsync(provider, Reference(), SecretProviderFailure.NotConfigured);

        ex.Message.ShouldContain("vault.secret-id-file");
        _vault.Requests.ShouldBeEmpty();
    }
}
