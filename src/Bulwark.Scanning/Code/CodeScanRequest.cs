namespace Bulwark.Scanning.Code;

/// <summary>What <see cref="CodeScanService"/> scans and how.</summary>
internal sealed record CodeScanRequest(string Path)
{
    /// <summary>Default size above which a file is skipped with a notice (generated files, vendored bundles).</summary>
    public const long DefaultMaxFileBytes = 5L << 20;

    public bool RespectIgnore { get; init; } = true;

    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>SARIF files of other analysers (bandit, semgrep, …) merged into the report, de-duplicated.</summary>
    public IReadOnlyList<string> Imports { get; init; } = [];

    public IReadOnlyList<string> DisableRules { get; init; } = [];

    /// <summary>Files larger than this are skipped; null takes bulwark.toml's [code] max_file_size, then the default.</summary>
    public long? MaxFileBytes { get; init; }

    /// <summary>Time one file's parse may take before the rest of it is given up with a notice.</summary>
    public TimeSpan TimePerFile { get; init; } = TimeSpan.FromSeconds(5);

    public int? Parallelism { get; init; }

    /// <summary>Called once the files are listed, with their number (a progress display's total).</summary>
    public Action<int>? Listed { get; init; }

    /// <summary>Called after each file (from worker threads).</summary>
    public Action? FileDone { get; init; }
}
