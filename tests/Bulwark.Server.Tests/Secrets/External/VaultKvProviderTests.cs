using Bulwark.Server.Secrets.External;
using Bulwark.Tests.Shared;
using static Bulwark.Server.Tests.Secrets.External.FakeVault;
using static Bulwark.Server.Tests.Secrets.External.VaultTestKit;

namespace Bulwark.Server.Tests.Secrets.External;

/// <summary>KV v2 reads with token auth against a loopback server replaying Vault's documented responses.</summary>
public sealed class VaultKvProviderTests : IAsyncLifetime
{
    private FakeVault _vault = null!;

    public async Task InitializeAsync() => _vault = await StartAsync();

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Reads_the_latest_value_sending_the_token_header()
    {
        _vault.On("GET", ReadPath, Reply.Json(200, "kv2-read-latest.json"));
        using var provider = Provider(TokenOptions(_vault));

        (await provider.ResolveAsync(Reference(), CancellationToken.None)).ShouldBe(LatestValue);

        var request = _vault.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("GET");
        request.PathAndQuery.ShouldBe(ReadPath);
        request.Token.ShouldBe(StaticToken);
        request.Namespace.ShouldBeNull();
    }

    [Fact]
    public async Task Reads_the_version_the_reference_asks_for()
    {
        _vault.On("GET", ReadPath + "?version=2", Reply.Json(200, "kv2-read-version-2.json"));
        using var provider = Provider(TokenOptions(_vault));

        (await provider.ResolveAsync(Reference("vault://kv/ci/deploy#api-token?version=2"), CancellationToken.None)).ShouldBe(Version2Value);
    }

    [Fact]
    public async Task Sends_the_namespace_header_when_configured()
    {
        _vault.On("GET", ReadPath, Reply.Json(200, "kv2-read-latest.json"));
        using var provider = Provider(TokenOptions(_vault) with { Namespace = "ns1/ns2/" });

        await provider.ResolveAsync(Reference(), CancellationToken.None);

        _vault.Requests.ShouldHaveSingleItem().Namespace.ShouldBe("ns1/ns2/");
    }

    [Fact]
    public async Task Reads_a_nested_path()
    {
        _vault.On("GET", "/v1/secret/data/team-a/ml/hub", Reply.Json(200, "kv2-read-latest.json"));
        using var provider = Provider(TokenOptions(_vault));

        (await provider.ResolveAsync(Reference("vault://secret/team-a/ml/hub#foo"), CancellationToken.None)).ShouldBe("bar");
    }

    [Fact]
    public async Task A_missing_key_is_not_found_and_names_the_key()
    {
        _vault.On("GET", ReadPath, Reply.Json(200, "kv2-read-latest.json"));
        using var provider = Provider(TokenOptions(_vault));

        var ex = await FailsAsync(provider, Reference("vault://kv/ci/deploy#password"), SecretProviderFailure.NotFound);
        ex.Message.ShouldContain("no key 'password'");
    }

    [Theory]
    [InlineData("port", "number")]
    [InlineData("enabled", "true")]
    [InlineData("nothing", "null")]
    [InlineData("nested", "object")]
    [InlineData("hosts", "array")]
    public async Task A_value_that_is_not_a_string_is_a_bad_response(string key, string kind)
    {
        _vault.On("GET", ReadPath, Reply.Json(200, "kv2-read-mixed-types.json"));
        using var provider = Provider(TokenOptions(_vault));

        var ex = await FailsAsync(provider, Reference($"vault://kv/ci/deploy#{key}"), SecretProviderFailure.BadResponse);
        ex.Message.ShouldContain($"is a JSON {kind}, not a string");
        ex.Message.ShouldNotContain("5432");
        ex.Message.ShouldNotContain("svc");
    }

    [Fact]
    public async Task A_string_beside_other_types_is_read()
    {
        _vault.On("GET", ReadPath, Reply.Json(200, "kv2-read-mixed-types.json"));
        using var provider = Provider(TokenOptions(_vault));

        (await provider.ResolveAsync(Reference("vault://kv/ci/deploy#user"), CancellationToken.None)).ShouldBe("svc");
    }

    [Fact]
    public async Task A_missing_path_is_not_found()
    {
        using var provider = Provider(TokenOptions(_vault));

        var ex = await FailsAsync(provider, Reference(), SecretProviderFailure.NotFound);
        ex.Message.ShouldContain("HTTP 404");
    }

    [Fact]
    public async Task A_deleted_version_is_not_found()
    {
        _vault.On("GET", ReadPath + "?version=1", Reply.Json(404, "kv2-read-deleted-version.json"));
        using var provider = Provider(TokenOptions(_vault));

        await FailsAsync(provider, Reference("vault://kv/ci/deploy#api-token?version=1"), SecretProviderFailure.NotFound);
    }

    [Fact]
    public async Task A_sealed_vault_is_reported_as_sealed()
    {
        _vault.On("GET", ReadPath, Reply.Json(503, "error-sealed.json"));
        using var provider = Provider(TokenOptions(_vault));

        var ex = await FailsAsync(provider, Reference(), SecretProviderFailure.Sealed);
        ex.Message.ShouldContain("sealed");
    }

    [Fact]
    public async Task A_fixed_token_that_is_refused_fails_without_a_retry()
    {
        _vault.On("GET", ReadPath, Reply.Json(403, "error-permission-denied.json"));
        using var provider = Provider(TokenOptions(_vault));

        var ex = await FailsAsync(provider, Reference(), SecretProviderFailure.PermissionDenied);
        ex.Message.ShouldContain("permission denied");
        _vault.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_token_file_is_read_again_after_a_403()
    {
        using var folder = new TempDirectory("bulwark-vault-");
        var file = folder.Write("token", "hvs.old-token\n");
        _vault.On("GET", ReadPath, Reply.Json(200, "kv2-read-latest.json"));
        using var provider = Provider(new VaultOptions { Address = _vault.Address, TokenFile = file });
        await provider.ResolveAsync(Reference(), CancellationToken.None);
        File.WriteAllText(file, "hvs.new-token");
        _vault.On("GET", ReadPath, Reply.Json(403, "error-permission-denied.json"), Reply.Json(200, "kv2-read-latest.json"));

        (await provider.ResolveAsync(Reference(), CancellationToken.None)).ShouldBe(LatestValue);

        _vault.Requests.Select(r => r.Token).ShouldBe(["hvs.old-token", "hvs.old-token", "hvs.new-token"]);
    }

    [Fact]
    public async Task A_reference_of_another_scheme_is_refused()
    {
        using var provider = Provider(TokenOptions(_vault));
        var reference = Reference() with { Scheme = "aws" };

        (await FailsAsync(provider, reference, SecretProviderFailure.NotConfigured)).Message.ShouldContain("does not serve 'aws'");
        _vault.Requests.ShouldBeEmpty();
    }
}
