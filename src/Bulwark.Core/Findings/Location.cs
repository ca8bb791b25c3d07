namespace Bulwark.Core.Findings;

/// <summary>
/// Where a finding is. <see cref="Path"/> is relative to the scan root with '/' separators;
/// <see cref="InnerPath"/> names a member inside an archive (or "cell 3" inside a notebook).
/// Lines and columns are 1-based; columns count UTF-16 code units, as SARIF's default does.
/// </summary>
public sealed record Location(string Path, int Line, int Column, int EndLine, int EndColumn)
{
    public string? InnerPath { get; init; }

    /// <summary>For findings from git history: the commit that introduced the content.</summary>
    public CommitInfo? Commit { get; init; }

    /// <summary>
    /// For binary content (model files), the byte offset of the finding inside the file or, when
    /// <see cref="InnerPath"/> is set, inside that archive member; null for text findings.
    /// </summary>
    public long? ByteOffset { get; init; }

    public string Display
    {
        get
        {
            var where = InnerPath is null ? Path : $"{Path}!{InnerPath}";
            return Line > 0 ? $"{where}:{Line}:{Column}" : ByteOffset is { } offset ? $"{where}@{offset}" : where;
        }
    }
}

/// <summary>The commit a history finding came from.</summary>
public sealed record CommitInfo(string Sha, string Author, string Email, DateTimeOffset Date);
