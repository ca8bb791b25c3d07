namespace Bulwark.Ml.ModelFiles.Scan;

/// <summary>What to scan and how; unset values come from bulwark.toml's <c>[model]</c> section, then defaults.</summary>
internal sealed record ModelScanRequest(IReadOnlyList<string> Paths)
{
    public bool? Strict { get; init; }

    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Extra trusted globals (<c>module.name</c> or <c>module.*</c>) on top of bulwark.toml's.</summary>
    public IReadOnlyList<string> AllowGlobals { get; init; } = [];

    public int? Parallelism { get; init; }

    public ModelScanLimits Limits { get; init; } = new();
}
