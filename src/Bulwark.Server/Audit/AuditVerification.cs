namespace Bulwark.Server.Audit;

/// <summary>
/// The verdict on the whole chain. When invalid, <see cref="FirstBadSequence"/> names the first entry that does not
/// fit (the first missing one when the newest entries were cut off). <see cref="SealsChecked"/> is false when the
/// master key was not available; <see cref="HeadChecked"/> is false when there was no head anchor to compare with.
/// </summary>
internal sealed record AuditVerification(bool Valid, long Entries, long? FirstBadSequence, string? Problem, bool SealsChecked, bool HeadChecked = false);
