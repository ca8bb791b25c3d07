namespace Bulwark.Server.Artifacts;

/// <summary>An artifact upload was refused (path, digest, length, caps, unknown job, finished run); nothing was recorded. The message is safe to show the job.</summary>
internal sealed class ArtifactRejectedException(string message, Exception? inner = null) : Exception(message, inner);
