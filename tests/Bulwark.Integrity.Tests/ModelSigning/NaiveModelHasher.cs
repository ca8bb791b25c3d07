using System.Globalization;
using System.Security.Cryptography;
using Bulwark.Integrity.Hashing;

namespace Bulwark.Integrity.Tests.ModelSigning;

/// <summary>The simplest hasher that meets the contract, so signing tests do not depend on the real engine.</summary>
internal sealed class NaiveModelHasher : IModelHasher
{
    public ModelManifest Hash(string path, HashingOptions options, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            return Build([(".", path)], options);
        }
        if (!Directory.Exists(path))
        {
            throw new ModelHashingException($"{path}: no such file or folder");
        }
        var ignored = new List<string>(HashingOptions.DefaultIgnores);
        ignored.AddRange(options.IgnorePaths);
        var files = new List<(string, string)>();
        foreach (var full in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(path, full).Replace('\\', '/');
            if (!ignored.Exists(i => relative == i || relative.StartsWith(i + "/", StringComparison.Ordinal)))
            {
                files.Add((relative, full));
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return Build(files, options);
    }

    private static ModelManifest Build(List<(string Name, string Full)> files, HashingOptions options)
    {
        var resources = new List<ResourceDigest>();
        var entries = new List<FileEntry>();
        foreach (var (name, full) in files)
        {
            var bytes = File.ReadAllBytes(full);
            entries.Add(new FileEntry(name, bytes.Length, SHA256.HashData(bytes)));
            if (options.Method == SerializationMethod.Files)
            {
                resources.Add(new ResourceDigest(name, "sha256", SHA256.HashData(bytes)));
                continue;
            }
            for (long start = 0; start < bytes.Length || start == 0; start += options.ShardSize)
            {
                var end = Math.Min(bytes.Length, start + options.ShardSize);
                var shard = bytes.AsSpan((int)start, (int)(end - start));
                resources.Add(new ResourceDigest(string.Create(CultureInfo.InvariantCulture, $"{name}:{start}:{end}"), "sha256", SHA256.HashData(shard)));
                if (end >= bytes.Length)
                {
                    break;
                }
            }
        }
        return new ModelManifest(options.Method, "sha256", resources)
        {
            ShardSize = options.Method == SerializationMethod.Shards ? options.ShardSize : 0,
            Files = entries,
        };
    }
}
