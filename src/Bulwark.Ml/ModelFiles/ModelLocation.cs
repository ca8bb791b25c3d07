namespace Bulwark.Ml.ModelFiles;

/// <summary>
/// Where something was found: the scanned file (relative to the scan root, '/' separators), the archive member
/// inside it (nested members joined with '!', e.g. <c>outer.zip!model/data.pkl</c>; null for the file itself),
/// and the byte offset inside the innermost member or file (-1 when it has none).
/// </summary>
internal sealed record ModelLocation(string File, string? Member, long Offset)
{
    /// <summary>The location of a member of this content (archives nest).</summary>
    public ModelLocation Child(string member) => new(File, Member is null ? member : $"{Member}!{member}", -1);

    /// <summary>The same file and member at another offset.</summary>
    public ModelLocation At(long offset) => this with { Offset = offset };

    public override string ToString()
    {
        var where = Member is null ? File : $"{File}!{Member}";
        return Offset >= 0 ? $"{where}@{Offset}" : where;
    }
}
