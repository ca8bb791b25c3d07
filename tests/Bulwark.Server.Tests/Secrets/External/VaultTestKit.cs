using Bulwark.Server.Secrets.External;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Tests.Secrets.External;

/// <summary>Credentials, references and a provider factory shared by the Vault client tests.</summary>
internal static class VaultTestKit
{
    public const string StaticToken = "hvs.CAESIJ-static-token-9f8e7d6c5b4a";
    public const string RoleId = "59d6d1ca-47bb-4e7e-a40b-8be3bc5a0ba8";
    public const string SecretId = "84896a0c-1347-aa90-a4f6-aca8b7558780";
    public const string LoginToken = "5b1a0318-679c-9c45-e5c6-d1b9a9035d49";
    public const string SecondLoginToken = "8c2e51d7-04ab-4f19-b3c6-7a9d2e1f0c88";
    public const string LatestValue = "s3cr3t-latest-7Qv9";
    public const string Version2Value = "s3cr3t-v2-Lm4x";
    public const string ReadPath = "/v1/kv/data/ci/deploy";
    public const string LoginPath = "/v1/auth/approle/login";

    public static SecretReference Reference(string text = "vault://kv/ci/deploy#api-token")
    {
        SecretReference.TryParse(text, out var reference, out var error).ShouldBeTrue(error);
        return reference!;
    }

    public static VaultOptions TokenOptions(FakeVault vault) => new()
    {
        Address = vault.Address,
        Token = VaultCredential.From(StaticToken),
    };

    public static VaultOptions AppRoleOptions(FakeVault vault) => new()
    {
        Address = vault.Address,
        Auth = VaultAuthMethod.AppRole,
        RoleId = RoleId,
        SecretId = VaultCredential.From(SecretId),
    };

    public static VaultKvProvider Provider(VaultOptions options, TimeProvider? time = null, CapturingLogger? logger = null) =>
        new(options, time ?? TimeProvider.System, logger ?? new CapturingLogger());

    public static async Task<SecretProviderException> FailsAsync(VaultKvProvider provider, SecretReference reference, SecretProviderFailure failure)
    {
        var ex = await Should.ThrowAsync<SecretProviderException>(() => provider.ResolveAsync(reference, CancellationToken.None));
        ex.Failure.ShouldBe(failure, ex.Message);
        ex.Message.ShouldStartWith(reference.ToString());
        return ex;
    }
}

/// <summary>Keeps every formatted log line so tests can check what was (and was not) logged.</summary>
internal sealed class CapturingLogger : ILogger<VaultKvProvider>
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue(formatter(state, exception) + exception);
}
