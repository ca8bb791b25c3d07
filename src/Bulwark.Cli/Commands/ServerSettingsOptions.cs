using System.CommandLine;
using Bulwark.Core.Configuration;
using Bulwark.Server.Configuration;

namespace Bulwark.Cli.Commands;

/// <summary>The options that choose the server's database, shared by <c>server</c>, <c>admin</c> and <c>audit</c>.</summary>
internal static class ServerSettingsOptions
{
    public static readonly Option<string?> Database = new("--database")
    {
        Description = "Database: empty for SQLite in the data directory, or an Npgsql connection string (Host=…;Database=…;Username=…). Env: BULWARK_DATABASE",
        Recursive = true,
    };

    /// <summary>Options for commands that only need storage (no listener).</summary>
    public static ServerOptions ForStorage(ParseResult parse) =>
        ServerOptionsLoader.Load(DataDirectory.Resolve(parse.GetValue(BulwarkCommandLine.DataDirOption)),
            new ServerSettingsSource { Database = parse.GetValue(Database) }, Environment.GetEnvironmentVariable);
}
