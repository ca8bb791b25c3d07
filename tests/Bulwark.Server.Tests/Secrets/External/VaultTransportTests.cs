using System.Net;
using System.Net.Sockets;
using Bulwark.Server.Secrets.External;
using Microsoft.Extensions.Time.Testing;
using static Bulwark.Server.Tests.Secrets.External.FakeVault;
using static Bulwark.Server.Tests.Secrets.External.VaultTestKit;

namespace Bulwark.Server.Tests.Secrets.External;

/// <summary>Timeouts, cancellation, unreachable servers, redirects and unexpected statuses.</summary>
public sealed class VaultTransportTests : IAsyncLifetime
{
    private FakeVault _vault = null!;

    public async Task InitializeAsync() => _vault = await StartAsync();

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task A_silent_vault_times_out_after_the_configured_time()
    {
        _vault.On("GET", ReadPath, Reply.Silence());
        var time = new FakeTimeProvider();
        using var provider = Provider(TokenOptions(_vault) with { Timeout = TimeSpan.FromSeconds(5) }, time);

        var resolving = provider.ResolveAsync(Reference(), CancellationToken.None);
        (await _vault.NextRequestAsync()).ShouldBeTrue();
        time.Advance(TimeSpan.FromSeconds(4));
        resolving.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));

        var ex = await Should.ThrowAsync<SecretProviderException>(() => resolving);
        ex.Failure.ShouldBe(SecretProviderFailure.Timeout);
        ex.Message.ShouldContain("within 5 s");
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_a_provider_failure()
    {
        _vault.On("GET", ReadPath, Reply.Silence());
        using var provider = Provider(TokenOptions(_vault));
        using var cancel = new CancellationTokenSource();

        var resolving = provider.ResolveAsync(Reference(), cancel.Token);
        (await _vault.NextRequestAsync()).ShouldBeTrue();
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => resolving);
    }

    [Fact]
    public async Task A_closed_port_is_unreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var provider = Provider(new VaultOptions { Address = new Uri($"http://127.0.0.1:{port}"), Token = VaultCredential.From(StaticToken) });

        var ex = await FailsAsync(provider, Reference(), SecretProviderFailure.Unreachable);
        ex.Message.ShouldContain($"cannot reach Vault at http://127.0.0.1:{port}");
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        _vault.On("GET", ReadPath, new Reply(307, [], Location: "https://elsewhere.example:8200" + ReadPath));
        using var provider = Provider(TokenOptions(_vault));

        var ex = await FailsAsync(provider, Reference(), SecretProviderFailure.BadResponse);
        ex.Message.ShouldContain("redirect (HTTP 307)");
        _vault.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_unexpected_status_is_a_bad_response()
    {
        _vault.On("GET", ReadPath, new Reply(500, """{"errors":["1 error occurred:\n\t* internal error\n\n"]}"""));
        using var provider = Provider(TokenOptions(_vault));

        (await FailsAsync(provider, Reference(), SecretProviderFailure.BadResponse)).Message.ShouldContain("unexpected HTTP 500");
    }
}
