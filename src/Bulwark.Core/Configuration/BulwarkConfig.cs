namespace Bulwark.Core.Configuration;

/// <summary>
/// The project configuration file <c>bulwark.toml</c> at the scan root. Every key is optional;
/// see docs/configuration.md for the reference.
/// </summary>
public sealed record BulwarkConfig
{
    public const string FileName = "bulwark.toml";

    public static BulwarkConfig Empty { get; } = new();

    /// <summary>Where the file was read from, or null when there was none.</summary>
    public string? SourcePath { get; init; }

    /// <summary>[scan] exclude: gitignore-style patterns skipped by every gate.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    public SecretsConfig Secrets { get; init; } = new();

    /// <summary>The <c>[deps]</c> section: dependency audit settings.</summary>
    public DepsConfig Deps { get; init; } = new();

    /// <summary>The <c>[model]</c> section: model-file scanning settings.</summary>
    public ModelConfig Model { get; init; } = new();

    /// <summary>The <c>[pipeline]</c> section: pipeline-configuration audit settings.</summary>
    public PipelineAuditConfig Pipeline { get; init; } = new();

    /// <summary>The <c>[data]</c> section: data check and drift thresholds.</summary>
    public DataConfig Data { get; init; } = new();
    /// <summary>The <c>[code]</c> section: static analysis of Python and notebooks.</summary>
    public CodeConfig Code { get; init; } = new();

    /// <summary>The <c>[dast]</c> section: web scan limits and paths.</summary>
    public DastConfig Dast { get; init; } = new();
}

/// <summary>The <c>[pipeline]</c> section of bulwark.toml (<c>bulwark pipeline audit</c>).</summary>
public sealed record PipelineAuditConfig
{
    /// <summary>Default threshold for <c>pipeline audit</c> (the command's default is high).</summary>
    public string? FailOn { get; init; }

    /// <summary>gitignore-style patterns of pipeline files to leave out.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Owners (<c>actions</c>) or repositories (<c>actions/checkout</c>) whose actions may be pinned by tag.</summary>
    public IReadOnlyList<string> AllowedOwners { get; init; } = [];

    /// <summary>Rule ids that never report.</summary>
    public IReadOnlyList<string> DisableRules { get; init; } = [];
}

/// <summary>The [secrets] table.</summary>
public sealed record SecretsConfig
{
    /// <summary>fail_on: threshold for exit code 1 (default high).</summary>
    public string? FailOn { get; init; }

    /// <summary>max_file_size: files larger than this are skipped with a notice.</summary>
    public long? MaxFileSize { get; init; }

    /// <summary>exclude: gitignore-style patterns skipped by the secret scanner only.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>config: a gitleaks-format rules file, relative to the config file.</summary>
    public string? RulesConfig { get; init; }

    /// <summary>disable_rules: rule ids that never report.</summary>
    public IReadOnlyList<string> DisableRules { get; init; } = [];

    /// <summary>archive_depth: how many zip levels to open (0 turns archive scanning off).</summary>
    public int? ArchiveDepth { get; init; }
}

/// <summary>The <c>[deps]</c> section of bulwark.toml.</summary>
public sealed record DepsConfig
{
    /// <summary>Default threshold for <c>deps audit</c> (the command's default is medium).</summary>
    public string? FailOn { get; init; }

    /// <summary>gitignore-style patterns of manifests to leave out.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Warn when the advisory database is older than this many days (default 7).</summary>
    public int? MaxDatabaseAgeDays { get; init; }

    /// <summary>Advisory ids (OSV id or alias) never to report, e.g. after triage.</summary>
    public IReadOnlyList<string> IgnoreAdvisories { get; init; } = [];

    /// <summary>Leave development-only dependencies out of the audit.</summary>
    public bool? SkipDevelopment { get; init; }

    /// <summary>Base URL of the OSV archives for <c>deps db update</c> (a mirror).</summary>
    public string? DatabaseUrl { get; init; }
}

/// <summary>The <c>[model]</c> section of bulwark.toml.</summary>
public sealed record ModelConfig
{
    /// <summary>Default threshold for <c>model scan</c> (the command's default is high).</summary>
    public string? FailOn { get; init; }

    /// <summary>Report unknown pickle globals at high severity (so they fail the default threshold).</summary>
    public bool? Strict { get; init; }

    /// <summary>Extra globals to trust: <c>module.name</c>, or <c>module.*</c> for a whole module.</summary>
    public IReadOnlyList<string> AllowGlobals { get; init; } = [];

    /// <summary>gitignore-style patterns of files to leave out.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];
}
