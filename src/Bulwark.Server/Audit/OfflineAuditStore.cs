using Bulwark.Server.Configuration;
using Bulwark.Server.Storage;

namespace Bulwark.Server.Audit;

/// <summary>
/// The log as <c>bulwark audit</c> sees it without a server: the database, the seal key when the master key is
/// available (never created here) and the head anchor. Opens nothing that is not already there, and migrates nothing.
/// </summary>
internal sealed class OfflineAuditStore
{
    private OfflineAuditStore(BulwarkDbContext database, byte[]? sealKey, AuditAnchor anchor)
    {
        Database = database;
        SealKey = sealKey;
        Anchor = anchor;
    }

    public BulwarkDbContext Database { get; }

    /// <summary>Null when neither master.key nor BULWARK_MASTER_KEY is present: only the hash chain can be checked.</summary>
    public byte[]? SealKey { get; }

    public AuditAnchor Anchor { get; }

    /// <summary>The store, or null with <paramref name="problem"/> saying what is missing or unusable.</summary>
    public static OfflineAuditStore? Open(ServerOptions options, Func<string, string?> environment, out string? problem)
    {
        problem = null;
        // With an external database the directory only adds the key and the anchor; the embedded one lives in it.
        if (string.IsNullOrWhiteSpace(options.Database))
        {
            if (!Directory.Exists(options.DataDirectory))
            {
                problem = $"no data directory at {options.DataDirectory}";
                return null;
            }
            if (!File.Exists(Path.Combine(options.DataDirectory, ServerOptions.SqliteFileName)))
            {
                problem = $"no database in {options.DataDirectory} (expected {ServerOptions.SqliteFileName}; give --database for PostgreSQL)";
                return null;
            }
        }
        var keyFile = Path.Combine(options.DataDirectory, ServerOptions.MasterKeyFileName);
        var hasKey = environment(MasterKey.EnvironmentVariable) is { Length: > 0 } || File.Exists(keyFile);
        var sealKey = hasKey ? MasterKey.LoadOrCreate(options.DataDirectory, environment).Derive(AuditLog.SealPurpose) : null;
        var head = AuditHeadFile.Read(options.DataDirectory, out var headProblem);
        return new OfflineAuditStore(DatabaseProvider.Open(options), sealKey, new AuditAnchor(head, headProblem));
    }
}
