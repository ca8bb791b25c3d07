namespace Bulwark.Server.Blobs;

/// <summary>Content offered to the blob store was refused (digest or length differs from the declared one, too large, malformed digest); nothing was stored.</summary>
internal sealed class BlobRejectedException(string message) : Exception(message);
