namespace Bulwark.Core.Limits;

/// <summary>
/// Bounds for untrusted input shared by every gate. Defaults are generous for real projects and small
/// enough that a hostile file cannot exhaust memory or time.
/// </summary>
public sealed record InputLimits
{
    /// <summary>Files larger than this are skipped with a notice. Default 50 MiB.</summary>
    public long MaxFileBytes { get; init; } = 50L << 20;

    /// <summary>Zip levels opened inside each other (a .whl in a .zip is depth 2). Default 3; 0 disables.</summary>
    public int MaxArchiveDepth { get; init; } = 3;

    /// <summary>Uncompressed bytes read from one archive, all members together. Default 256 MiB.</summary>
    public long MaxArchiveBytes { get; init; } = 256L << 20;

    /// <summary>Members read from one archive. Default 10,000.</summary>
    public int MaxArchiveEntries { get; init; } = 10_000;

    /// <summary>A member whose compression ratio exceeds this is treated as a zip bomb. Default 200.</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>Findings reported from one file; the rest are dropped with a warning. Default 1,000.</summary>
    public int MaxFindingsPerFile { get; init; } = 1_000;

    /// <summary>JSON nesting accepted in notebooks. Default 64.</summary>
    public int MaxJsonDepth { get; init; } = 64;

    public void Validate()
    {
        if (MaxFileBytes <= 0)
        {
            throw new Configuration.ConfigException($"max file size must be positive (got {MaxFileBytes})");
        }
        if (MaxArchiveDepth is < 0 or > 16)
        {
            throw new Configuration.ConfigException($"archive depth must be between 0 and 16 (got {MaxArchiveDepth})");
        }
    }
}
