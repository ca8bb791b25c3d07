namespace Bulwark.Scanning.Secrets;

/// <summary>What the user asked a secret scan to do (command-line flags after validation).</summary>
internal sealed record SecretScanRequest(string Path)
{
    /// <summary>Read standard input instead of a path ("-").</summary>
    public bool FromStdin => Path == "-";

    /// <summary>The stream to scan for "-": the host opens standard input, the library never touches the console.</summary>
    public Stream? Input { get; init; }

    public bool History { get; init; }
    public string? Since { get; init; }
    public bool RespectIgnore { get; init; } = true;
    public string? GitleaksConfig { get; init; }
    public long? MaxFileBytes { get; init; }
    public IReadOnlyList<string> Exclude { get; init; } = [];
    public int? Parallelism { get; init; }
}
