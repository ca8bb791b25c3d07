using System.Buffers;
using System.Globalization;

namespace Bulwark.Server.Secrets.External;

/// <summary>
/// A pointer to a value held by an external secret manager, <c>vault://mount/path/to/secret#key[?version=N]</c>.
/// Only the reference is stored; the value is fetched when a job starts. Every part is restricted to letters,
/// digits, <c>-_.</c> so the reference can be put into a request path without encoding and cannot walk out of
/// its mount (no <c>.</c>/<c>..</c> segments, no <c>%</c>, no empty segments).
/// </summary>
internal sealed record SecretReference(string Scheme, string Mount, string Path, string Key, int? Version)
{
    public const string VaultScheme = "vault";
    public const int MaxLength = 1024;
    public const int MaxSegmentLength = 128;
    public const int MaxSegments = 32;
    private const string VaultPrefix = "vault://";
    private const string VersionQuery = "?version=";
    private static readonly SearchValues<char> SegmentCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    /// <summary>
    /// True with a reference when <paramref name="text"/> is one. False with a null error when the text is not a
    /// reference at all (store it as a plain value); false with an error when it starts like a reference but is
    /// malformed. Errors describe the problem without repeating the text.
    /// </summary>
    public static bool TryParse(string text, out SecretReference? reference, out string? error)
    {
        reference = null;
        error = null;
        if (!text.StartsWith(VaultPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        error = Parse(text, out reference);
        return error is null;
    }

    public override string ToString() =>
        $"{Scheme}://{Mount}/{Path}#{Key}" + (Version is { } v ? VersionQuery + v.ToString(CultureInfo.InvariantCulture) : "");

    private static string? Parse(string text, out SecretReference? reference)
    {
        reference = null;
        if (!text.StartsWith(VaultPrefix, StringComparison.Ordinal))
        {
            return "secret reference: the scheme must be written in lower case as 'vault://'";
        }
        if (text.Length > MaxLength)
        {
            return $"secret reference: longer than {MaxLength} characters";
        }
        var rest = text.AsSpan(VaultPrefix.Length);
        var hash = rest.IndexOf('#');
        if (hash < 0)
        {
            return "secret reference: missing '#key' after the path (vault://mount/path#key)";
        }
        var location = rest[..hash];
        var fragment = rest[(hash + 1)..];
        int? version = null;
        var query = fragment.IndexOf('?');
        if (query >= 0)
        {
            var versionError = ParseVersion(fragment[query..], out version);
            if (versionError is not null)
            {
                return versionError;
            }
            fragment = fragment[..query];
        }
        var keyError = CheckSegment(fragment, "the key");
        if (keyError is not null)
        {
            return keyError;
        }
        var slash = location.IndexOf('/');
        if (slash < 0)
        {
            return "secret reference: needs a mount and a path (vault://mount/path#key)";
        }
        var segments = 0;
        foreach (var range in location.Split('/'))
        {
            segments++;
            if (segments > MaxSegments)
            {
                return $"secret reference: more than {MaxSegments} path segments";
            }
            var segmentError = CheckSegment(location[range], segments == 1 ? "the mount" : $"path segment {segments - 1}");
            if (segmentError is not null)
            {
                return segmentError;
            }
        }
        reference = new SecretReference(VaultScheme, location[..slash].ToString(), location[(slash + 1)..].ToString(), fragment.ToString(), version);
        return null;
    }

    private static string? ParseVersion(ReadOnlySpan<char> query, out int? version)
    {
        version = null;
        if (!query.StartsWith(VersionQuery, StringComparison.Ordinal))
        {
            return "secret reference: the only option after the key is '?version=N'";
        }
        var digits = query[VersionQuery.Length..];
        if (digits.Length is 0 or > 9 || digits[0] == '0' || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return "secret reference: version must be a whole number from 1 to 999999999";
        }
        version = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return null;
    }

    private static string? CheckSegment(ReadOnlySpan<char> segment, string what)
    {
        if (segment.IsEmpty)
        {
            return $"secret reference: {what} is empty";
        }
        if (segment.Length > MaxSegmentLength)
        {
            return $"secret reference: {what} is longer than {MaxSegmentLength} characters";
        }
        if (segment.ContainsAnyExcept(SegmentCharacters))
        {
            return $"secret reference: {what} may hold only letters, digits, '-', '_' and '.'";
        }
        // Covers '.' and '..' (path traversal once a URI normalises them); Vault also rejects a trailing dot.
        if (segment[^1] == '.')
        {
            return $"secret reference: {what} cannot end with '.'";
        }
        return null;
    }
}
