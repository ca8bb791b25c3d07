namespace Bulwark.Server.Runs;

/// <summary>A run as the API lists it.</summary>
internal sealed record RunSummary(
    Guid Id,
    string Project,
    int Number,
    RunStatus Status,
    string Event,
    string Ref,
    string Commit,
    string TriggeredBy,
    bool FromFork,
    string? Reason,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt);

/// <summary>A run with its jobs (<c>GET /api/v1/runs/{runId}</c>).</summary>
internal sealed record RunDetails(RunSummary Run, IReadOnlyList<JobDetails> Jobs)
{
    // Flattened so that clients read "status" at the top level, as the contract names it.
    public Guid Id => Run.Id;

    public RunStatus Status => Run.Status;
}

internal sealed record JobDetails(
    string Name,
    JobStatus Status,
    IReadOnlyList<string> Needs,
    string? Environment,
    int Attempt,
    string? Reason,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    IReadOnlyList<StepDetails> Steps,
    IReadOnlyList<GateSummary> Gates);

internal sealed record StepDetails(int Index, string Name, string Status, int? ExitCode, DateTime? StartedAt, DateTime? FinishedAt);

internal sealed record GateSummary(int Step, string Gate, bool Passed);

/// <summary>Body of <c>POST /api/v1/projects/{name}/runs</c>: a branch or tag (short or full ref name), optionally the exact commit.</summary>
internal sealed record TriggerRunRequest(string Ref, string? Commit = null);
