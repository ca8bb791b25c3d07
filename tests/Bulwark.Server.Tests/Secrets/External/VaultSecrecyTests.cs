using Bulwark.Server.Secrets.External;
using Microsoft.Extensions.Time.Testing;
using static Bulwark.Server.Tests.Secrets.External.FakeVault;
using static Bulwark.Server.Tests.Secrets.External.VaultTestKit;

namespace Bulwark.Server.Tests.Secrets.External;

/// <summary>No token, secret_id or value reaches an exception message or a log line, whatever goes wrong.</summary>
public sealed class VaultSecrecyTests : IAsyncLifetime
{
    private static readonly string[] Secrets = [StaticToken, SecretId, LoginToken, SecondLoginToken, LatestValue, Version2Value, "5432", "svc"];
    private FakeVault _vault = null!;

    public async Task InitializeAsync() => _vault = await StartAsync();

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    public static TheoryData<string, string, int, string> Failures() => new()
    {
        { "approle", "read", 403, "error-permission-denied.json" },
        { "token", "read", 403, "error-permission-denied.json" },
        { "approle", "read", 404, "error-not-found.json" },
        { "approle", "read", 503, "error-sealed.json" },
        { "approle", "read", 500, "kv2-read-latest.json" },
        { "approle", "read", 307, "kv2-read-latest.json" },
        { "approle", "login", 400, "error-invalid-secret-id.json" },
        { "approle", "login", 403, "approle-login.json" },
        { "approle", "login", 503, "error-sealed.json" },
        { "token", "read", 200, "approle-login.json" },
        { "approle", "read", 200, "approle-login-second.json" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Failure_messages_and_logs_hold_no_credential_or_value(string auth, string call, int status, string fixture)
    {
        _vault.On("POST", LoginPath, call == "login" ? Reply.Json(status, fixture) : Reply.Json(200, "approle-login.json"), Reply.Json(200, "approle-login-second.json"));
        _vault.On("GET", ReadPath, call == "read" ? Reply.Json(status, fixture) : Reply.Json(200, "kv2-read-latest.json"));
        var logger = new CapturingLogger();
        using var provider = Provider(auth == "token" ? TokenOptions(_vault) : AppRoleOptions(_vault), logger: logger);

        var ex = await Should.ThrowAsync<SecretProviderException>(() => provider.ResolveAsync(Reference(), CancellationToken.None));

        AssertClean(ex.ToString());
        logger.Lines.ShouldAllBe(line => Secrets.All(secret => !line.Contains(secret, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("port")]
    [InlineData("nested")]
    [InlineData("missing")]
    public async Task Key_failures_name_the_key_but_not_the_neighbouring_values(string key)
    {
        _vault.On("GET", ReadPath, Reply.Json(200, "kv2-read-mixed-types.json"));
        using var provider = Provider(TokenOptions(_vault));

        var ex = await Should.ThrowAsync<SecretProviderException>(() => provider.ResolveAsync(Reference($"vault://kv/ci/deploy#{key}"), CancellationToken.None));

        ex.Message.ShouldContain($"'{key}'");
        AssertClean(ex.ToString());
    }

    [Fact]
    public async Task A_timeout_message_holds_no_credential()
    {
        _vault.On("POST", LoginPath, Reply.Silence());
        var time = new FakeTimeProvider();
        using var provider = Provider(AppRoleOptions(_vault), time);

        var resolving = provider.ResolveAsync(Reference(), CancellationToken.None);
        (await _vault.NextRequestAsync()).ShouldBeTrue();
        time.Advance(VaultOptions.DefaultTimeout);

        AssertClean((await Should.ThrowAsync<SecretProviderException>(() => resolving)).ToString());
    }

    private static void AssertClean(string text)
    {
        foreach (var secret in Secrets)
        {
            text.ShouldNotContain(secret);
        }
    }
}
