namespace Bulwark.Server.Audit;

/// <summary>
/// One row of the append-only audit log. <see cref="Hash"/> is SHA-256 over <see cref="PreviousHash"/> and the
/// canonical serialisation of the other fields (<see cref="AuditCanonicalForm"/>); <see cref="Seal"/> is an
/// HMAC of the hash under a key derived from the master key, so someone who can write to the database but
/// cannot read the key file cannot rebuild the chain after editing it. Rows are never updated or deleted.
/// </summary>
internal sealed class AuditEntry
{
    /// <summary>1, 2, 3… with no gaps; unique, so two writers cannot both append entry n.</summary>
    public long Sequence { get; set; }

    public DateTime Timestamp { get; set; }

    /// <summary>Dotted event name, e.g. <c>auth.sign-in.failed</c> (see <see cref="AuditActions"/>).</summary>
    public required string Action { get; set; }

    /// <summary>success or failure.</summary>
    public required string Outcome { get; set; }

    public string? ActorId { get; set; }

    public string? ActorName { get; set; }

    public string? SourceIp { get; set; }

    /// <summary>What the event was about, e.g. <c>project:ml-api</c> or <c>user:alice</c>.</summary>
    public string? Target { get; set; }

    /// <summary>A JSON object with event details, written in canonical form (sorted keys, no whitespace).</summary>
    public string Details { get; set; } = "{}";

    public required byte[] PreviousHash { get; set; }

    public required byte[] Hash { get; set; }

    public required byte[] Seal { get; set; }
}
