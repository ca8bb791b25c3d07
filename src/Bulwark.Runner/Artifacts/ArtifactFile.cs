namespace Bulwark.Runner.Artifacts;

/// <summary>A file to upload: its workspace-relative path ('/'-separated) and where it is on disk.</summary>
internal sealed record ArtifactFile(string RelativePath, string FullPath, long Length);
