using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Secrets.History;

/// <summary>
/// Reads <c>git log --raw -z --format=<see cref="Format"/></c> as a stream and yields the regular files each
/// commit adds or changes. With -z the output is NUL-separated tokens: a commit is the marker followed by
/// four header fields, then one token per raw entry (<c>:oldmode newmode oldid newid status</c>) each followed
/// by a path token. Parsing is positional — a path token always follows an entry token — so no path, name or
/// email can be mistaken for a marker. Deletions, submodules (160000) and symlinks (120000) are skipped.
/// </summary>
internal sealed class RawLogParser(Stream output, Action onCommit)
{
    private const string Marker = "BULWARK-COMMIT";
    private static readonly byte[] MarkerBytes = Encoding.ASCII.GetBytes(Marker);

    /// <summary>The <c>--format</c> argument this parser reads: marker, id, author name, email, strict ISO date.</summary>
    public static string Format => $"%x00{Marker}%x00%H%x00%an%x00%ae%x00%aI";

    private readonly NulTokenReader _tokens = new(output);

    public long Commits { get; private set; }

    public async IAsyncEnumerable<RawBlobChange> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        CommitInfo? commit = null;
        while (await _tokens.ReadAsync(cancellationToken))
        {
            var token = _tokens.Current.Span;
            if (token.SequenceEqual(MarkerBytes))
            {
                commit = await ReadHeaderAsync(cancellationToken);
                if (commit is null)
                {
                    yield break;
                }
                Commits++;
                onCommit();
                continue;
            }
            // git separates a commit's header from its raw entries with a newline.
            if (token.Length > 0 && token[0] == (byte)'\n')
            {
                token = token[1..];
            }
            if (token.Length == 0 || token[0] != (byte)':')
            {
                continue;
            }
            var keep = TryReadEntry(token, out var id, out var oid);
            if (!await _tokens.ReadAsync(cancellationToken))
            {
                yield break;
            }
            if (keep && commit is not null)
            {
                yield return new RawBlobChange(commit, id, oid, Encoding.UTF8.GetString(_tokens.Current.Span));
            }
        }
    }

    private async ValueTask<CommitInfo?> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var fields = new string[4];
        for (var i = 0; i < fields.Length; i++)
        {
            if (!await _tokens.ReadAsync(cancellationToken))
            {
                return null;
            }
            fields[i] = Encoding.UTF8.GetString(_tokens.Current.Span);
        }
        // A commit with a malformed date still counts; its secrets matter more than its timestamp.
        _ = DateTimeOffset.TryParse(fields[3], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        return new CommitInfo(fields[0], fields[1], fields[2], date);
    }

    /// <summary>Reads <c>:oldmode newmode oldid newid status</c>; true for a regular file with new content.</summary>
    private static bool TryReadEntry(ReadOnlySpan<byte> entry, out ObjectId id, out string oid)
    {
        id = default;
        oid = string.Empty;
        var rest = entry[1..];
        Span<Range> fields = stackalloc Range[5];
        var count = 0;
        var start = 0;
        for (var i = 0; i <= rest.Length && count < fields.Length; i++)
        {
            if (i == rest.Length || rest[i] == (byte)' ')
            {
                fields[count++] = start..i;
                start = i + 1;
            }
        }
        if (count < 4)
        {
            return false;
        }
        // Only regular files (100644, 100755, old 100664) hold text; 000000 is a deletion.
        var newMode = rest[fields[1]];
        var newId = rest[fields[3]];
        if (!newMode.StartsWith("100"u8) || !ObjectId.TryParse(newId, out id) || id.IsZero)
        {
            return false;
        }
        oid = Encoding.ASCII.GetString(newId);
        return true;
    }
}
