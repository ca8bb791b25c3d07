namespace Bulwark.Integrity.Hashing;

/// <summary>
/// The digests of a model or dataset, as the OpenSSF model-signing (OMS v1.0) statement lists them: one
/// resource per regular file (method <c>files</c>) or per byte range of a file (method <c>shards</c>, resource
/// names <c>path:start:end</c>), sorted by name, all with one hash algorithm. A single-file model names its one
/// resource "." (the reference implementation's behaviour). <see cref="Files"/> keeps per-file sizes for diffs.
/// </summary>
internal sealed record ModelManifest(SerializationMethod Method, string HashAlgorithm, IReadOnlyList<ResourceDigest> Resources)
{
    /// <summary>Shard size for <see cref="SerializationMethod.Shards"/> (bytes), 0 for files.</summary>
    public long ShardSize { get; init; }

    /// <summary>Every file the manifest covers, with its size, by relative path ('/' separators; "." for a single file).</summary>
    public IReadOnlyList<FileEntry> Files { get; init; } = [];

    /// <summary>Paths left out (ignored by option or default ignores), for messages.</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];
}

/// <summary>One resource: its name, the algorithm ("sha256"), and the raw digest bytes.</summary>
internal sealed record ResourceDigest(string Name, string Algorithm, byte[] Digest)
{
    public string Hex => Convert.ToHexStringLower(Digest);
}

/// <summary>A file covered by a manifest: relative path, size, and its whole-file SHA-256 (for diffs and the files method).</summary>
internal sealed record FileEntry(string Path, long Size, byte[] Sha256);

internal enum SerializationMethod
{
    Files,
    Shards,
}
