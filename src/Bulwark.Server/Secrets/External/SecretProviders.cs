namespace Bulwark.Server.Secrets.External;

/// <summary>
/// The configured providers, chosen by the reference's scheme. A reference whose scheme has no provider (Vault
/// not configured on this server) fails with <see cref="SecretProviderFailure.NotConfigured"/>.
/// </summary>
internal sealed class SecretProviders(IEnumerable<ISecretProvider> providers)
{
    private readonly Dictionary<string, ISecretProvider> _byScheme = providers.ToDictionary(p => p.Scheme, StringComparer.Ordinal);

    public bool Supports(string scheme) => _byScheme.ContainsKey(scheme);

    public Task<string> ResolveAsync(SecretReference reference, CancellationToken ct) =>
        _byScheme.TryGetValue(reference.Scheme, out var provider)
            ? provider.ResolveAsync(reference, ct)
            : throw new SecretProviderException(reference, SecretProviderFailure.NotConfigured,
                $"no '{reference.Scheme}' secret provider is configured on this server (see docs/vault.md)");
}
