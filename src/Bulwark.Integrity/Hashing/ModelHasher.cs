using System.Globalization;

namespace Bulwark.Integrity.Hashing;

/// <summary>
/// Hashes a model as the OMS v1.0 reference implementation (sigstore/model-transparency) serializes it:
/// method <c>files</c> gives one resource per regular file named by its '/'-separated path relative to the root
/// ("." for a single-file model); method <c>shards</c> gives one resource per byte range <c>path:start:end</c>
/// of at most <see cref="HashingOptions.ShardSize"/> bytes, no resource for an empty file, and algorithm
/// <c>sha256-sharded-N</c> as the reference names it. Resources are sorted component-wise by path, then by start.
/// For shards, <see cref="FileEntry.Sha256"/> is empty: a whole-file digest would cost a second full read.
/// </summary>
internal sealed class ModelHasher : IModelHasher
{
    /// <summary>Upper bound on worker threads; with two 1 MiB blocks each, hashing buffers stay under 64 MiB.</summary>
    public const int MaxParallelism = 32;

    private readonly Action<ModelFile>? afterRead;

    public ModelHasher()
    {
    }

    /// <summary>Test seam: <paramref name="afterRead"/> runs after each range is read, before the file is re-checked.</summary>
    internal ModelHasher(Action<ModelFile> afterRead) => this.afterRead = afterRead;

    public ModelManifest Hash(string path, HashingOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var parallelism = Validate(options);
        var tree = ModelTreeWalker.Walk(path, options, cancellationToken);
        var shards = options.Method == SerializationMethod.Shards;
        var ranges = Plan(tree.Files, shards ? options.ShardSize : long.MaxValue);
        var digests = ParallelRangeHasher.Run(ranges, parallelism, afterRead, cancellationToken);

        var algorithm = shards ? "sha256-sharded-" + options.ShardSize.ToString(CultureInfo.InvariantCulture) : "sha256";
        var resources = new ResourceDigest[ranges.Count];
        for (var i = 0; i < ranges.Count; i++)
        {
            var range = ranges[i];
            var name = shards ? string.Create(CultureInfo.InvariantCulture, $"{range.File.Name}:{range.Start}:{range.End}") : range.File.Name;
            resources[i] = new ResourceDigest(name, algorithm, digests[i]);
        }
        var files = new FileEntry[tree.Files.Count];
        for (var i = 0; i < files.Length; i++)
        {
            // Files method: ranges and files are the same list in the same order.
            files[i] = new FileEntry(tree.Files[i].Name, tree.Files[i].Size, shards ? [] : digests[i]);
        }
        return new ModelManifest(options.Method, algorithm, resources)
        {
            ShardSize = shards ? options.ShardSize : 0,
            Files = files,
            Ignored = tree.Ignored,
        };
    }

    /// <summary>Ranges in resource order: files by name, each split at multiples of the shard size.</summary>
    private static List<HashRange> Plan(IReadOnlyList<ModelFile> files, long shardSize)
    {
        var ranges = new List<HashRange>(files.Count);
        foreach (var file in files)
        {
            if (shardSize == long.MaxValue)
            {
                ranges.Add(new HashRange(file, 0, file.Size));
                continue;
            }
            for (var start = 0L; start < file.Size; start += shardSize)
            {
                ranges.Add(new HashRange(file, start, start + Math.Min(shardSize, file.Size - start)));
            }
        }
        return ranges;
    }

    private static int Validate(HashingOptions options)
    {
        if (!Enum.IsDefined(options.Method))
        {
            throw new ArgumentException($"Method: unknown serialization method {options.Method}", nameof(options));
        }
        if (options.Method == SerializationMethod.Shards && options.ShardSize <= 0)
        {
            throw new ArgumentException($"ShardSize: must be positive, got {options.ShardSize}", nameof(options));
        }
        if (options.Parallelism is { } requested && requested is < 1 or > MaxParallelism)
        {
            throw new ArgumentException($"Parallelism: must be between 1 and {MaxParallelism}, got {requested}", nameof(options));
        }
        return options.Parallelism ?? Math.Clamp(Environment.ProcessorCount, 1, MaxParallelism);
    }
}
