using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Secrets.History;

/// <summary>
/// A blob the first time history shows it: the commit that introduced it, at which path. <see cref="Order"/>
/// grows from the oldest commit, so the sink keeps the introducing commit when a secret recurs.
/// </summary>
internal sealed record BlobIntroduction(string Oid, string Path, CommitInfo Commit, long Order);
