namespace Bulwark.Integrity.Hashing;

/// <summary>
/// A regular file found under the model root: its manifest name, the path to open (a symlink's resolved
/// target), and the size and last-write time seen at enumeration, compared again after hashing.
/// </summary>
internal sealed record ModelFile(string Name, string OpenPath, long Size, DateTime LastWriteUtc);
