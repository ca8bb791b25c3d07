namespace Bulwark.Server.Audit;

/// <summary>A page of the log; <see cref="Next"/> is the <c>after</c> value for the following page, null on the last one.</summary>
internal sealed record AuditPage(IReadOnlyList<AuditRecord> Entries, long? Next);
