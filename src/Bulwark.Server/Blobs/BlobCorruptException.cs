namespace Bulwark.Server.Blobs;

/// <summary>
/// A stored blob did not decrypt or its content does not match its digest (damaged on disk, edited, moved, or written
/// under another key). Raised at the latest when a read reaches the end, so bytes already read must be discarded.
/// </summary>
internal sealed class BlobCorruptException(string message, Exception? inner = null) : Exception(message, inner);
