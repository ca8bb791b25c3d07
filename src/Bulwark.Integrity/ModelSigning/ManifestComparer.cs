using System.Security.Cryptography;
using Bulwark.Integrity.Hashing;

namespace Bulwark.Integrity.ModelSigning;

/// <summary>
/// Compares signed resources with freshly hashed ones, file by file: a file is modified when any of its resources
/// (the whole file, or its shards) differs. Digests are compared in constant time.
/// </summary>
internal static class ManifestComparer
{
    public static List<FileDifference> Compare(OmsStatement statement, ModelManifest actual, bool ignoreUnsignedFiles)
    {
        var shards = statement.Serialization.Method == SerializationMethod.Shards;
        var signed = GroupByFile(statement.Resources, shards);
        var found = GroupByFile(actual.Resources, shards);
        var differences = new List<FileDifference>();
        foreach (var (path, resources) in signed)
        {
            if (!found.TryGetValue(path, out var current))
            {
                differences.Add(new FileDifference(path, DifferenceKind.Removed));
            }
            else if (!SameResources(resources, current))
            {
                differences.Add(new FileDifference(path, DifferenceKind.Modified));
            }
        }
        if (!ignoreUnsignedFiles)
        {
            foreach (var path in found.Keys)
            {
                if (!signed.ContainsKey(path))
                {
                    differences.Add(new FileDifference(path, DifferenceKind.Added));
                }
            }
        }
        differences.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return differences;
    }

    /// <summary>The file a resource belongs to: its name, or for shards the name without the trailing <c>:start:end</c>.</summary>
    public static string FileOf(string name, bool shards)
    {
        if (!shards)
        {
            return name;
        }
        var end = name.LastIndexOf(':');
        var start = end > 0 ? name.LastIndexOf(':', end - 1) : -1;
        return start > 0 ? name[..start] : name;
    }

    private static Dictionary<string, Dictionary<string, byte[]>> GroupByFile(IReadOnlyList<ResourceDigest> resources, bool shards)
    {
        var files = new Dictionary<string, Dictionary<string, byte[]>>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            var file = FileOf(resource.Name, shards);
            if (!files.TryGetValue(file, out var parts))
            {
                files[file] = parts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            }
            parts[resource.Name] = resource.Digest;
        }
        return files;
    }

    private static bool SameResources(Dictionary<string, byte[]> signed, Dictionary<string, byte[]> current)
    {
        if (signed.Count != current.Count)
        {
            return false;
        }
        var same = true;
        foreach (var (name, digest) in signed)
        {
            same &= current.TryGetValue(name, out var other) && CryptographicOperations.FixedTimeEquals(digest, other);
        }
        return same;
    }
}
