namespace Bulwark.Server.Runs;

/// <summary>A job a runner holds: which job of which run, until when, and (remote runners only) its per-job token.</summary>
internal sealed record JobLease(Guid JobId, Guid RunId, string Job, int Attempt, DateTime ExpiresAt, string? JobToken = null);

/// <summary>What a heartbeat learns: keep going, stop because the run was cancelled, or the lease is gone.</summary>
internal enum LeaseState
{
    Held,
    CancelRequested,
    Lost,
}
