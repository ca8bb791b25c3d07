using Bulwark.Core.Limits;

namespace Bulwark.Scanning.Secrets;

/// <summary>Settings for one secret scan; defaults suit a repository scan on every push.</summary>
internal sealed record SecretScanOptions
{
    public InputLimits Limits { get; init; } = new();

    /// <summary>Characters decoded and matched at a time; bounds memory per worker whatever the file size.</summary>
    public int ChunkChars { get; init; } = 1 << 20;

    /// <summary>Worker threads for tree and history scans. Default: one per core.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}
