using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit;

/// <summary>
/// Bounds for auditing files from a repository (untrusted). Defaults sit far above real workflows: the largest
/// public workflow files are a few hundred kilobytes, GitLab files with includes a few thousand nodes.
/// </summary>
internal sealed record AuditLimits
{
    /// <summary>Largest file read, in bytes. Default 2 MiB; larger files get a positioned error and are skipped.</summary>
    public int MaxBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>Deepest YAML nesting. Default 64.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most YAML nodes in one file before aliases. Default 200 000.</summary>
    public int MaxNodes { get; init; } = 200_000;

    /// <summary>Most nodes aliases and merge keys may add to one file. Default 200 000.</summary>
    public int MaxAliasExpansion { get; init; } = 200_000;

    /// <summary>Longest <c>${{ }}</c> expression parsed, in characters. Default 4096.</summary>
    public int MaxExpressionLength { get; init; } = 4096;

    /// <summary>Deepest expression nesting (parentheses, calls, operators). Default 64.</summary>
    public int MaxExpressionDepth { get; init; } = 64;

    /// <summary>Most local GitLab <c>include:</c> files followed from one root file. Default 100.</summary>
    public int MaxIncludes { get; init; } = 100;

    /// <summary>Most files audited; the rest are named in a notice. Default 20 000.</summary>
    public int MaxFiles { get; init; } = 20_000;

    /// <summary>Most errors kept per file. Default 20.</summary>
    public int MaxErrorsPerFile { get; init; } = 20;

    public static AuditLimits Default { get; } = new();

    public PipelineLimits Yaml => new() { MaxBytes = MaxBytes, MaxDepth = MaxDepth, MaxNodes = MaxNodes, MaxErrors = MaxErrorsPerFile };

    public YamlAliasPolicy Aliases => new(true, MaxAliasExpansion);
}
