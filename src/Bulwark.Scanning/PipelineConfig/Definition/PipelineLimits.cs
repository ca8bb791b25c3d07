namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>
/// Bounds for reading a <c>.bulwark.yml</c>, which comes from a repository and is untrusted. The defaults are far
/// above any real pipeline and small enough that a hostile file costs milliseconds.
/// </summary>
internal sealed record PipelineLimits
{
    /// <summary>Largest file read, in bytes. Default 1 MiB.</summary>
    public int MaxBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences. Default 32.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most YAML nodes in the document. Default 100 000.</summary>
    public int MaxNodes { get; init; } = 100_000;

    /// <summary>Most jobs in a pipeline. Default 256.</summary>
    public int MaxJobs { get; init; } = 256;

    /// <summary>Most steps in one job. Default 256.</summary>
    public int MaxSteps { get; init; } = 256;

    /// <summary>Most errors reported before the rest are dropped. Default 100.</summary>
    public int MaxErrors { get; init; } = 100;

    public static PipelineLimits Default { get; } = new();
}
