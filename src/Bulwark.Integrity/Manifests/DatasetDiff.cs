using Bulwark.Integrity.Hashing;

namespace Bulwark.Integrity.Manifests;

/// <summary>What changed from one manifest to another; each list is sorted by path.</summary>
internal sealed record DatasetDiff(IReadOnlyList<FileEntry> Added, IReadOnlyList<FileEntry> Removed, IReadOnlyList<ChangedFile> Changed)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;

    /// <summary>Files in <paramref name="after"/> but not <paramref name="before"/> are added, the reverse removed.</summary>
    public static DatasetDiff Compare(DatasetManifest before, DatasetManifest after)
    {
        var old = new Dictionary<string, FileEntry>(before.Files.Count, StringComparer.Ordinal);
        foreach (var file in before.Files)
        {
            old[file.Path] = file;
        }
        var added = new List<FileEntry>();
        var changed = new List<ChangedFile>();
        foreach (var file in after.Files)
        {
            if (!old.Remove(file.Path, out var previous))
            {
                added.Add(file);
            }
            else if (previous.Size != file.Size || !previous.Sha256.AsSpan().SequenceEqual(file.Sha256))
            {
                changed.Add(new ChangedFile(file.Path, previous.Size, file.Size, previous.Sha256, file.Sha256));
            }
        }
        var removed = old.Values.ToList();
        added.Sort((a, b) => ResourceNameComparer.Instance.Compare(a.Path, b.Path));
        removed.Sort((a, b) => ResourceNameComparer.Instance.Compare(a.Path, b.Path));
        changed.Sort((a, b) => ResourceNameComparer.Instance.Compare(a.Path, b.Path));
        return new DatasetDiff(added, removed, changed);
    }

    /// <summary>Compares a stored manifest with the folder as it is now.</summary>
    /// <exception cref="ModelHashingException">The folder cannot be hashed.</exception>
    public static DatasetDiff CompareWithFolder(DatasetManifest before, string folder, TimeProvider time, CancellationToken cancellationToken, HashingOptions? options = null) =>
        Compare(before, DatasetManifests.Create(folder, time, cancellationToken, options));
}
