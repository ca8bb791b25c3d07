namespace Bulwark.Server.Runners;

/// <summary>
/// A remote runner (<c>bulwark runner</c>) that registered with a one-time token. Its credential is a bearer token
/// <c>bwr_&lt;id&gt;_&lt;secret&gt;</c> of which only the SHA-256 of the secret is stored. A disabled runner can no longer
/// authenticate, and the jobs it held went back to the queue when it was disabled.
/// </summary>
internal sealed class RegisteredRunner
{
    /// <summary>12 lower-case base32 characters, public (listings, the audit log, job leases).</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Labels it serves (jobs' <c>runs-on</c> must be among them), comma-separated, fixed at registration.</summary>
    public string Labels { get; set; } = "";

    public required byte[] CredentialHash { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The registration token it consumed.</summary>
    public string? RegistrationTokenId { get; set; }

    /// <summary>When it last asked for work (written at most every <see cref="RunnerCredentials.LastSeenResolution"/>).</summary>
    public DateTime? LastSeenAt { get; set; }

    public string? LastSeenFrom { get; set; }

    public DateTime? DisabledAt { get; set; }

    public string? DisabledBy { get; set; }

    public IReadOnlyList<string> LabelList => Labels.Length == 0 ? [] : Labels.Split(',');

    /// <summary>What the queue records as the holder of its leases (<see cref="Runs.RunJob.LeasedBy"/>).</summary>
    public string LeaseHolder => LeaseHolderPrefix + Id;

    public const string LeaseHolderPrefix = "remote:";
}
