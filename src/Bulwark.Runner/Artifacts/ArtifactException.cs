namespace Bulwark.Runner.Artifacts;

/// <summary>The artifacts cannot be uploaded as declared; the message is for the job log and the job's reason.</summary>
internal sealed class ArtifactException(string message, Exception? inner = null) : Exception(message, inner);
