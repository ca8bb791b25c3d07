using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Configuration;
using Bulwark.Server.Identity;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Operations;

/// <summary>
/// The server's services without HTTP, for commands run by whoever holds the data directory
/// (<c>bulwark admin …</c>, <c>bulwark audit …</c>). Applies pending migrations first, like the server does.
/// </summary>
internal static class OfflineServices
{
    public static async Task<ServiceProvider> CreateAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        Core.Configuration.DataDirectory.Ensure(options.DataDirectory);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(MasterKey.LoadOrCreate(options.DataDirectory, Environment.GetEnvironmentVariable));
        services.AddBulwarkDataProtection(options);
        services.AddBulwarkDatabase(options);
        services.AddBulwarkIdentity();
        services.AddScoped<ApiTokenService>();
        services.AddSingleton<AuditLog>();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BulwarkDbContext>().Database.MigrateAsync(cancellationToken);
        return provider;
    }
}
