namespace Bulwark.Server.Access;

/// <summary>
/// Scopes a personal access token can carry. <c>all</c> is everything the owner may do; <c>read</c> is every
/// GET the owner may call. The narrower ones let a CI job trigger runs or a SIEM read the audit log and nothing else.
/// </summary>
internal static class TokenScopes
{
    public const string All = "all";
    public const string Read = "read";
    public const string Write = "write";
    public const string RunsWrite = "runs:write";
    public const string AuditRead = "audit:read";
    public const string Admin = "admin";
    public const string SecretsRead = "secrets:read";
    public const string SecretsWrite = "secrets:write";

    public static readonly IReadOnlyList<string> Known = [All, Read, Write, RunsWrite, AuditRead, Admin, SecretsRead, SecretsWrite];

    /// <summary>Whether a token with <paramref name="granted"/> scopes may use a <paramref name="needed"/> scope on a read or write request.</summary>
    public static bool Allows(IReadOnlyCollection<string> granted, string needed, bool isRead)
    {
        if (granted.Contains(All) || granted.Contains(needed))
        {
            return true;
        }
        // A read of anything the owner can see is allowed by `read`, whatever narrower scope guards its writes.
        return isRead && granted.Contains(Read) && needed != Admin;
    }

    /// <summary>Parses "all", "read", or a space/comma-separated list; null when a scope is unknown.</summary>
    public static IReadOnlyList<string>? Parse(string text)
    {
        var parts = text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts.Any(p => !Known.Contains(p)))
        {
            return null;
        }
        return parts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }
}
