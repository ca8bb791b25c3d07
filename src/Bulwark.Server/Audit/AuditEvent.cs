namespace Bulwark.Server.Audit;

/// <summary>What a feature reports to the audit log; <see cref="AuditLog"/> adds sequence, time and hashes.</summary>
internal sealed record AuditEvent(string Action, bool Succeeded = true)
{
    public string? ActorId { get; init; }

    public string? ActorName { get; init; }

    public string? SourceIp { get; init; }

    public string? Target { get; init; }

    /// <summary>Small string facts (role names, token ids, reasons); never a secret or a password.</summary>
    public IReadOnlyDictionary<string, string?> Details { get; init; } = new Dictionary<string, string?>();
}
