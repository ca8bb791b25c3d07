namespace Bulwark.Scanning.Secrets.History;

/// <summary>What a history scan covered: commits listed and distinct blobs read and scanned.</summary>
internal sealed record GitHistorySummary(long Commits, long Blobs);
