using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Configuration;

/// <summary>
/// Keys that protect session and anti-forgery cookies live in the data directory (<c>keys/</c>, owner-only),
/// so sessions survive restarts and never depend on the user's home folder.
/// </summary>
internal static class DataProtectionSetup
{
    public static IServiceCollection AddBulwarkDataProtection(this IServiceCollection services, ServerOptions options)
    {
        var folder = Core.Configuration.DataDirectory.Ensure(Path.Combine(options.DataDirectory, "keys"));
        services.AddDataProtection().SetApplicationName("bulwark").PersistKeysToFileSystem(new DirectoryInfo(folder));
        return services;
    }
}
