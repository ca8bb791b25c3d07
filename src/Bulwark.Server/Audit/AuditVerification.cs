namespace Bulwark.Server.Audit;

/// <summary>The verdict on the whole chain. When invalid, <see cref="FirstBadSequence"/> names the first entry that does not fit.</summary>
internal sealed record AuditVerification(bool Valid, long Entries, long? FirstBadSequence, string? Problem, bool SealsChecked);
