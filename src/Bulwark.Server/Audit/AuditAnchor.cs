namespace Bulwark.Server.Audit;

/// <summary>What the data directory says about the log's newest entry: the head, nothing (no file), or why the file is unusable.</summary>
internal sealed record AuditAnchor(AuditHead? Head, string? Problem)
{
    public static readonly AuditAnchor None = new(null, null);
}
