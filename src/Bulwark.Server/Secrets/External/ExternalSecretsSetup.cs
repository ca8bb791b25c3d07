using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Secrets.External;

/// <summary>
/// Registers <see cref="SecretProviders"/> and, when Vault is configured, the <see cref="VaultKvProvider"/>
/// (which needs the TimeProvider and logging the server registers). Call with
/// <c>VaultOptionsLoader.Load(dataDirectory, Environment.GetEnvironmentVariable)</c> so a bad setting stops
/// start-up.
/// </summary>
internal static class ExternalSecretsSetup
{
    public static IServiceCollection AddExternalSecretProviders(this IServiceCollection services, VaultOptions? vault)
    {
        if (vault is not null)
        {
            services.AddSingleton(vault);
            services.AddSingleton<ISecretProvider, VaultKvProvider>();
        }
        services.AddSingleton<SecretProviders>();
        return services;
    }
}
