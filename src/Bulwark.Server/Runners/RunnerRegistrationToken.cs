namespace Bulwark.Server.Runners;

/// <summary>
/// A one-time token an administrator hands to a new runner: <c>bwreg_&lt;id&gt;_&lt;secret&gt;</c>, shown once, stored as
/// the SHA-256 of its secret. Registering consumes it (a conditional update, so two runners cannot both use it);
/// it expires unused after its lifetime (default one hour).
/// </summary>
internal sealed class RunnerRegistrationToken
{
    public required string Id { get; set; }

    public required byte[] SecretHash { get; set; }

    /// <summary>The administrator who made it (<c>cli</c> for <c>bulwark admin create-runner-token</c>).</summary>
    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? UsedAt { get; set; }

    /// <summary>The runner that registered with it.</summary>
    public string? RunnerId { get; set; }
}
