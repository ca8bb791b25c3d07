namespace Bulwark.Integrity.Hashing;

/// <summary>A byte range [Start, End) of one model file: a whole file for the files method, a shard otherwise.</summary>
internal readonly record struct HashRange(ModelFile File, long Start, long End)
{
    public long Length => End - Start;
}
