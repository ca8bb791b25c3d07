namespace Bulwark.Server.Configuration;

/// <summary>The settings one source (flags, environment or the config file) gave; null means "not given here".</summary>
internal sealed record ServerSettingsSource
{
    public string? Listen { get; init; }
    public bool? InsecureHttp { get; init; }
    public string? TlsCertificatePath { get; init; }
    public string? TlsKeyPath { get; init; }
    public string? Database { get; init; }
    public long? MaxRequestBodyBytes { get; init; }
    public bool? RequireMfaForPrivilegedRoles { get; init; }
    public bool? AllowLocalRepositories { get; init; }
    public long? EmbeddedRunners { get; init; }
    public bool? UnsafeProcessExecutor { get; init; }
    public string? WorkDirectory { get; init; }
    public string? AdvisoryDatabase { get; init; }
}
