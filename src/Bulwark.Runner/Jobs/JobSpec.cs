namespace Bulwark.Runner.Jobs;

/// <summary>
/// Everything a runner needs to execute one job, as the server hands it out with a lease. It is plain data (JSON
/// for remote runners): the pipeline definition has already been validated and the job's secrets resolved.
/// </summary>
internal sealed record JobSpec
{
    public required Guid RunId { get; init; }

    public required Guid JobId { get; init; }

    public required string Project { get; init; }

    /// <summary>The job's name in <c>.bulwark.yml</c>.</summary>
    public required string Job { get; init; }

    public required JobCheckout Checkout { get; init; }

    public required IReadOnlyList<JobStep> Steps { get; init; }

    /// <summary>The job's declared <c>env:</c>; the sandbox environment holds only these, the secrets and a few fixed variables.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Secret name to clear value: exposed as environment variables of the same name and masked in the log.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>True for <c>network: egress</c>; otherwise the job sees loopback only.</summary>
    public bool NetworkEgress { get; init; }

    public required TimeSpan Timeout { get; init; }

    /// <summary>Workspace-relative glob patterns of files to upload when the job succeeds.</summary>
    public IReadOnlyList<string> Artifacts { get; init; } = [];

    /// <summary>Never a secret value: records would print every property.</summary>
    public override string ToString() => $"job {Job} ({JobId}) of run {RunId} in {Project}";
}

/// <summary>
/// Which commit to check out and how to authenticate. Credentials travel here, never inside the URL: an HTTPS
/// token goes through a credential helper, an SSH key with pinned known_hosts through GIT_SSH_COMMAND.
/// </summary>
internal sealed record JobCheckout
{
    public required string RepositoryUrl { get; init; }

    /// <summary>The full 40-hex commit id to build.</summary>
    public required string Commit { get; init; }

    /// <summary>The full ref name that pointed at the commit, e.g. <c>refs/heads/main</c> (used to fetch when the host refuses a bare commit id).</summary>
    public required string Ref { get; init; }

    public string? HttpsToken { get; init; }

    public string? SshPrivateKey { get; init; }

    public string? SshKnownHosts { get; init; }

    /// <summary>History depth; 0 means full history.</summary>
    public int Depth { get; init; } = 1;

    /// <summary>Never a credential: records would print every property.</summary>
    public override string ToString() => $"{RepositoryUrl} at {Commit} ({Ref})";
}

/// <summary>One step: exactly one of <see cref="Run"/> (a shell script) and <see cref="Uses"/> (a built-in gate name without <c>bulwark/</c>).</summary>
internal sealed record JobStep
{
    public required string Name { get; init; }

    public string? Run { get; init; }

    public string? Uses { get; init; }

    public IReadOnlyDictionary<string, string> With { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
