namespace Bulwark.Server.Artifacts;

/// <summary>One artifact of a run as the API lists it.</summary>
internal sealed record ArtifactResponse(string Job, string Path, string Sha256, long Length);
