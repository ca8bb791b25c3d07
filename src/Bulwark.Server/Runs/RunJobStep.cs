namespace Bulwark.Server.Runs;

/// <summary>One step of a job as it ran: its name, outcome and exit code.</summary>
internal sealed class RunJobStep
{
    public Guid JobId { get; set; }

    public int Index { get; set; }

    public required string Name { get; set; }

    /// <summary>running, succeeded, failed, timed_out, cancelled or skipped.</summary>
    public required string Status { get; set; }

    public int? ExitCode { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }
}
