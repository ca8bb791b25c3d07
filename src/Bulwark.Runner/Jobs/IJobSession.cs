namespace Bulwark.Runner.Jobs;

/// <summary>
/// The runner's channel back to the server for one leased job. The embedded runner writes to the database
/// directly; a remote runner calls the server's API with its per-job token. Everything passed here has already
/// been masked: no secret value ever reaches an implementation.
/// </summary>
internal interface IJobSession
{
    /// <summary>Appends masked UTF-8 log text, in order. Implementations may buffer; the runner calls this often with small chunks.</summary>
    Task AppendLogAsync(ReadOnlyMemory<byte> maskedUtf8, CancellationToken cancellationToken);

    Task StepStartedAsync(int index, string name, CancellationToken cancellationToken);

    Task StepFinishedAsync(int index, StepResult result, CancellationToken cancellationToken);

    /// <summary>A gate step's report: the JSON report the engine wrote (Bulwark's <c>--format json</c> shape) and whether its policy passed.</summary>
    Task ReportGateAsync(int stepIndex, string gate, bool passed, string reportJson, CancellationToken cancellationToken);

    /// <summary>Uploads one artifact; <paramref name="relativePath"/> uses '/' and stays inside the workspace.</summary>
    Task UploadArtifactAsync(string relativePath, string sha256Hex, long length, Stream content, CancellationToken cancellationToken);
}

internal enum StepConclusion
{
    Succeeded,
    Failed,
    TimedOut,
    Cancelled,
    Skipped,
}

internal sealed record StepResult(StepConclusion Conclusion, int? ExitCode, TimeSpan Duration);

internal enum JobConclusion
{
    Succeeded,
    Failed,
    TimedOut,
    Cancelled,
}

/// <summary>How a job ended; <see cref="Reason"/> is a short human sentence for the UI (never contains secrets).</summary>
internal sealed record JobResult(JobConclusion Conclusion, string? Reason);
