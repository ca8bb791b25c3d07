namespace Bulwark.Server.Runs;

/// <summary>
/// One job of a run: a node of the DAG. It waits (<see cref="JobStatus.Pending"/>) until all its needs succeeded,
/// is then <see cref="JobStatus.Queued"/> for a runner to lease, and runs while the lease is renewed.
/// </summary>
internal sealed class RunJob
{
    public Guid Id { get; set; }

    public Guid RunId { get; set; }

    public PipelineRun? Run { get; set; }

    public required string Name { get; set; }

    /// <summary>Position in the file, for stable ordering in lists.</summary>
    public int Ordinal { get; set; }

    public JobStatus Status { get; set; }

    /// <summary>Names of the jobs this one needs, comma-separated (job names cannot contain commas).</summary>
    public string Needs { get; set; } = "";

    /// <summary>Runner labels the job requires (<c>runs-on</c>), comma-separated.</summary>
    public string Labels { get; set; } = "";

    public string? Environment { get; set; }

    /// <summary>Only one job per group runs at a time (jobs deploying to the same environment share one).</summary>
    public string? ConcurrencyGroup { get; set; }

    /// <summary>How many times a runner has leased it (a lost runner's job is retried once, then failed).</summary>
    public int Attempt { get; set; }

    public string? LeasedBy { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>SHA-256 of the per-job token a remote runner uses for this lease; null for the embedded runner.</summary>
    public byte[]? JobTokenHash { get; set; }

    /// <summary>When that token stops working even if the lease is still held: the lease's start plus the job's timeout and a grace period.</summary>
    public DateTime? JobTokenExpiresAt { get; set; }

    public DateTime? QueuedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>Why the job ended the way it did, for people (never holds a secret).</summary>
    public string? Reason { get; set; }

    public List<RunJobStep> Steps { get; set; } = [];

    public IReadOnlyList<string> NeedsList => Split(Needs);

    public IReadOnlyList<string> LabelList => Split(Labels);

    private static string[] Split(string joined) => joined.Length == 0 ? [] : joined.Split(',');
}

/// <summary>A job's state: <c>pending|queued|running|succeeded|failed|cancelled|skipped</c>.</summary>
internal enum JobStatus
{
    Pending,
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Skipped,
}

internal static class JobStatuses
{
    public static bool IsFinished(this JobStatus status) =>
        status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled or JobStatus.Skipped;
}
