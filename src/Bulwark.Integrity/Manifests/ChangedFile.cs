namespace Bulwark.Integrity.Manifests;

/// <summary>A file whose content differs between two manifests.</summary>
internal sealed record ChangedFile(string Path, long OldSize, long NewSize, byte[] OldSha256, byte[] NewSha256);
