using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Secrets.History;

/// <summary>A regular file's new content in one commit, as <c>git log --raw</c> reports it.</summary>
internal sealed record RawBlobChange(CommitInfo Commit, ObjectId Id, string Oid, string Path);
