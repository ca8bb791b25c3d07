namespace Bulwark.Server.Blobs;

/// <summary>No blob with this digest is stored.</summary>
internal sealed class BlobNotFoundException(string sha256) : Exception($"no blob with sha256 {sha256} is stored");
