namespace Bulwark.Server.Projects;

/// <summary>
/// Accepts <c>https://host/path</c>, <c>ssh://[user@]host[:port]/path</c> and scp-like <c>user@host:path</c>.
/// Refuses credentials inside the URL (they belong in the secrets store), other schemes (git:, http:) and control
/// characters. <c>file://</c> URLs of repositories on the server's own disk, and <c>http://</c> to a loopback address,
/// are accepted only when the server runs with <c>--allow-local-repositories</c> (a job could otherwise be pointed
/// at any repository the server can read or reach).
/// </summary>
internal static class RepositoryUrl
{
    public const int MaxLength = 2048;

    public static string? Problem(string? url, bool allowLocal = false)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "repositoryUrl is required";
        }
        if (url.Length > MaxLength || url.Any(char.IsControl) || url.Any(char.IsWhiteSpace))
        {
            return $"repositoryUrl must be at most {MaxLength} characters with no spaces or control characters";
        }
        if (url.StartsWith("file://", StringComparison.Ordinal))
        {
            if (!allowLocal)
            {
                return "file:// repositories are accepted only when the server runs with --allow-local-repositories";
            }
            return Uri.TryCreate(url, UriKind.Absolute, out var local) && local.IsFile && local.IsLoopback && local.AbsolutePath.Length > 1
                ? null
                : "repositoryUrl: a file:// URL needs an absolute path on this machine (file:///path/to/repo)";
        }
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == "http")
        {
            // Plain HTTP never leaves the machine, so a token cannot be sniffed on the wire (a local git server).
            if (!allowLocal || !uri.IsLoopback)
            {
                return "http:// repositories are accepted only on a loopback address when the server runs with --allow-local-repositories; use https://";
            }
        }
        if (uri is not null && uri.Scheme is "https" or "ssh" or "http")
        {
            if (uri.Scheme != "ssh" && uri.UserInfo.Length > 0 || uri.UserInfo.Contains(':', StringComparison.Ordinal))
            {
                return "repositoryUrl must not contain credentials; give a credentialReference instead";
            }
            return uri.Host.Length > 0 && uri.AbsolutePath.Length > 1 ? null : "repositoryUrl needs a host and a repository path";
        }
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        if (!url.Contains("://", StringComparison.Ordinal) && at > 0 && colon > at + 1 && colon < url.Length - 1)
        {
            return null;
        }
        return "repositoryUrl must be an https:// or ssh:// URL, or user@host:path";
    }
}
