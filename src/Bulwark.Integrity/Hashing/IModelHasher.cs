namespace Bulwark.Integrity.Hashing;

/// <summary>Hashes a model folder or file into a <see cref="ModelManifest"/>; signing and verification both call it.</summary>
internal interface IModelHasher
{
    /// <exception cref="ModelHashingException">A path cannot be read, a symlink is found without permission, or a file changed while hashed.</exception>
    ModelManifest Hash(string path, HashingOptions options, CancellationToken cancellationToken);
}

/// <summary>How to hash. Paths are relative to the model root, '/' separators.</summary>
internal sealed record HashingOptions
{
    public SerializationMethod Method { get; init; } = SerializationMethod.Files;

    /// <summary>Shard size for the shards method (the reference implementation's default is 1 GB = 10^9 bytes).</summary>
    public long ShardSize { get; init; } = 1_000_000_000;

    /// <summary>Paths (files or folders) to leave out, on top of <see cref="DefaultIgnores"/>.</summary>
    public IReadOnlyList<string> IgnorePaths { get; init; } = [];

    /// <summary>Follow symbolic links inside the model instead of failing.</summary>
    public bool AllowSymlinks { get; init; }

    /// <summary>Worker threads (default: one per core).</summary>
    public int? Parallelism { get; init; }

    /// <summary>What model signing always leaves out (the signature file itself is added by the caller).</summary>
    public static IReadOnlyList<string> DefaultIgnores { get; } = [".git", ".gitattributes", ".github", ".gitignore"];
}

/// <summary>Hashing failed; the message names the path and the cause.</summary>
internal sealed class ModelHashingException(string message, Exception? inner = null) : Exception(message, inner);
