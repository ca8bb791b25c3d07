namespace Bulwark.Server.Configuration;

/// <summary>
/// Everything the server needs to start. Built by <see cref="ServerOptionsLoader"/> from flags, environment
/// variables (<c>BULWARK_*</c>) and the data directory's <c>server.toml</c>, then checked by
/// <see cref="ServerOptionsValidator"/> before anything listens.
/// </summary>
internal sealed record ServerOptions
{
    /// <summary>Holds the SQLite database, the master key, the TLS certificate and the OSV cache.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Address to listen on. Default 127.0.0.1:8443 (HTTPS). Port 0 picks a free port.</summary>
    public string Listen { get; init; } = "127.0.0.1:8443";

    /// <summary>Plain HTTP instead of HTTPS: only with an explicit flag and only on a loopback address.</summary>
    public bool InsecureHttp { get; init; }

    /// <summary>PEM certificate and key; when both are absent a self-signed certificate is generated.</summary>
    public string? TlsCertificatePath { get; init; }

    public string? TlsKeyPath { get; init; }

    /// <summary>
    /// Empty: SQLite in the data directory. <c>Host=…</c> (an Npgsql connection string): PostgreSQL.
    /// <c>Data Source=…</c>: another SQLite file.
    /// </summary>
    public string? Database { get; init; }

    /// <summary>Largest request body accepted, in bytes. Default 1 MiB; the API takes small JSON documents.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Whether maintainers, owners and administrators must enrol MFA before they can act. Default on.</summary>
    public bool RequireMfaForPrivilegedRoles { get; init; } = true;

    /// <summary>Accept projects whose repository is a <c>file://</c> path on this machine (tests, demos, mirrors).</summary>
    public bool AllowLocalRepositories { get; init; }

    /// <summary>How many jobs the embedded runner runs at once; 0 turns it off (remote runners only).</summary>
    public int EmbeddedRunners { get; init; } = 2;

    /// <summary>Run jobs as plain processes instead of bubblewrap sandboxes (<c>--unsafe-process-executor</c>).</summary>
    public bool UnsafeProcessExecutor { get; init; }

    /// <summary>Where job workspaces are made; default a directory under the system temp directory (see <see cref="RunnerWorkDefaults"/>).</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>
    /// The <c>osv</c> folder of a data directory that <c>bulwark deps db update</c> filled, bound read-only into
    /// <c>bulwark/deps-audit</c> gate steps (<c>--advisory-db</c>); it must be readable by the sandbox user, so
    /// never inside the server's private data directory. Null: that gate fails for lack of a database.
    /// </summary>
    public string? AdvisoryDatabase { get; init; }

    /// <summary>The argv prefix that starts the bulwark CLI inside a job for gate steps; default: this executable.</summary>
    public IReadOnlyList<string>? GateCommand { get; init; }

    /// <summary>Name of the key file inside the data directory.</summary>
    public const string MasterKeyFileName = "master.key";

    /// <summary>Name of the SQLite file inside the data directory.</summary>
    public const string SqliteFileName = "bulwark.db";
}
