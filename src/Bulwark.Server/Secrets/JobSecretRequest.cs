namespace Bulwark.Server.Secrets;

/// <summary>
/// What a job start asks of the secrets store: who is running (run, job, step), where (project, environment),
/// and on what (the branch or tag name without <c>refs/heads/</c>, whether that ref is protected, the event, and
/// for pull requests whether it comes from a fork and whether a maintainer approved this run).
/// </summary>
internal sealed record JobSecretRequest(
    string RunId,
    string Job,
    string Step,
    string Project,
    string? Environment,
    string Ref,
    bool RefIsProtected,
    string Event,
    bool FromFork = false,
    bool ApprovedByMaintainer = false)
{
    /// <summary>The secret names the job declared (<c>secrets:</c>); null asks for every secret the job may have.</summary>
    public IReadOnlyCollection<string>? Names { get; init; }
}

/// <summary>A secret handed to a job: its value in clear, for the job's environment only.</summary>
internal sealed record JobSecret(string Name, string Value, SecretScope Scope, int Version);
