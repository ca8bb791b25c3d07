using Bulwark.Server.Projects;

namespace Bulwark.Server.Runs;

/// <summary>
/// One execution of a project's pipeline for one commit. The <c>.bulwark.yml</c> text is stored with the run, so
/// re-running or resuming after a restart uses exactly the definition that was validated when the run was created.
/// </summary>
internal sealed class PipelineRun
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public Project? Project { get; set; }

    /// <summary>1, 2, 3… per project, for people ("run #12").</summary>
    public int Number { get; set; }

    public RunStatus Status { get; set; }

    /// <summary>push, tag, pull_request, manual or schedule.</summary>
    public required string Event { get; set; }

    /// <summary>Full ref name, e.g. <c>refs/heads/main</c>, <c>refs/tags/v1.2</c> or <c>refs/pull/7/head</c>.</summary>
    public required string Ref { get; set; }

    /// <summary>40-hex commit id being built.</summary>
    public required string Commit { get; set; }

    /// <summary>The run was triggered by a pull request from a fork: no secrets, no environments.</summary>
    public bool FromFork { get; set; }

    public int? PullRequest { get; set; }

    /// <summary>A maintainer approved this fork run to receive fork-allowed secrets.</summary>
    public bool ApprovedByMaintainer { get; set; }

    /// <summary>User name, or <c>github:login</c> style for webhook senders.</summary>
    public required string TriggeredBy { get; set; }

    public string Definition { get; set; } = "";

    /// <summary>Why the run failed before any job ran (invalid definition, commit not found); null otherwise.</summary>
    public string? Reason { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public DateTime? CancelRequestedAt { get; set; }

    public string? CancelRequestedBy { get; set; }

    /// <summary>Bumped on every status change: two jobs of one run finishing at once must not both decide the run's status from a stale view.</summary>
    public int Version { get; set; }

    /// <summary>SHA-256 of the signed provenance bundle in the blob store, once the finished run's artifacts are attested; null before, or when it has none.</summary>
    public string? ProvenanceSha256 { get; set; }

    public List<RunJob> Jobs { get; set; } = [];
}

/// <summary>A run's state as the API shows it: <c>queued|running|succeeded|failed|cancelled</c>.</summary>
internal enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
