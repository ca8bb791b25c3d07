namespace Bulwark.Scanning.Files;

/// <summary>A file to scan: where it is on disk, and its path relative to the scan root ('/' separators).</summary>
internal sealed record SourceFile(string FullPath, string RelativePath);
