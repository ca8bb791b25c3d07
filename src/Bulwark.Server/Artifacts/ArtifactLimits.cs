namespace Bulwark.Server.Artifacts;

/// <summary>Caps on what one run may store, whatever its runner sends.</summary>
internal sealed record ArtifactLimits
{
    public static readonly ArtifactLimits Default = new();

    /// <summary>Files per run, over all its jobs. Default 1,000.</summary>
    public int MaxFilesPerRun { get; init; } = 1_000;

    /// <summary>Bytes per run, over all its jobs. Default 4 GiB.</summary>
    public long MaxBytesPerRun { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Bytes per file. Default 2 GiB.</summary>
    public long MaxFileBytes { get; init; } = 2L * 1024 * 1024 * 1024;
}
