using Bulwark.Scanning.Secrets.Content;

namespace Bulwark.Scanning.Secrets.History;

/// <summary>
/// A blob's bytes on their way to a worker. <see cref="Buffer"/> is rented from the shared pool and may be
/// longer than <see cref="Length"/>; the worker returns it, cleared, once scanned.
/// </summary>
internal sealed record BlobContent(ContentOrigin Origin, byte[] Buffer, int Length);
