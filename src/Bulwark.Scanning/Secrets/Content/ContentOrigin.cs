using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Secrets.Content;

/// <summary>
/// Where scanned content came from. <see cref="Order"/> ranks origins when one secret is seen in several
/// (history: the oldest commit wins).
/// </summary>
internal sealed record ContentOrigin(string Path)
{
    public string? InnerPath { get; init; }
    public CommitInfo? Commit { get; init; }
    public int ArchiveDepth { get; init; }
    public long Order { get; init; }

    public string Display => InnerPath is null ? Path : $"{Path}!{InnerPath}";

    public ContentOrigin Inside(string member) => this with
    {
        InnerPath = InnerPath is null ? member : $"{InnerPath}!{member}",
        ArchiveDepth = ArchiveDepth + 1,
    };
}
