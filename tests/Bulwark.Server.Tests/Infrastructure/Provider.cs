using Bulwark.Server.Storage;

namespace Bulwark.Server.Tests.Infrastructure;

/// <summary>The database engines every storage and API test runs against (public: test classes take it as a parameter).</summary>
public enum Provider
{
    Sqlite,
    Postgres,
}

internal static class ProviderExtensions
{
    public static DatabaseKind Kind(this Provider provider) => provider == Provider.Postgres ? DatabaseKind.Postgres : DatabaseKind.Sqlite;
}
