using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Checkout;

/// <summary>
/// A repository URL that git may be pointed at. Accepted: <c>https://</c>, <c>ssh://</c> and scp-like
/// <c>user@host:path</c>; with <see cref="GitOptions.AllowLocalRepositories"/> also <c>file://</c>, absolute paths and
/// <c>http://</c> to a loopback address. Everything else is refused before git runs: other schemes (git://,
/// ext::, transport helpers), credentials inside the URL, a leading '-' (git would read an option), and hosts
/// starting with '-' (ssh would read an option).
/// </summary>
internal sealed record GitRemoteUrl
{
    public const int MaxLength = 2048;

    private GitRemoteUrl(string url, GitTransport transport, string? credentialScope)
    {
        Url = url;
        Transport = transport;
        CredentialScope = credentialScope;
    }

    /// <summary>The URL exactly as given to git.</summary>
    public string Url { get; }

    public GitTransport Transport { get; }

    /// <summary>For HTTP(S): <c>scheme://host[:port]</c>, the only URL prefix the credential helper answers for.</summary>
    public string? CredentialScope { get; }

    /// <summary>git's name for the transport in <c>protocol.&lt;name&gt;.allow</c>.</summary>
    public string ProtocolName => Transport switch
    {
        GitTransport.Https => "https",
        GitTransport.Ssh => "ssh",
        GitTransport.File => "file",
        GitTransport.LoopbackHttp => "http",
        _ => throw new InvalidOperationException("unknown transport " + Transport),
    };

    /// <exception cref="CheckoutException">The URL is refused; the message says why and never repeats it.</exception>
    public static GitRemoteUrl Parse(string? url, bool allowLocalRepositories)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || url.Contains('\\', StringComparison.Ordinal))
        {
            throw Refused($"must be 1 to {MaxLength} characters without spaces, control characters or backslashes");
        }
        if (url[0] == '-')
        {
            throw Refused("must not start with '-'");
        }
        if (IsTransportHelperSyntax(url))
        {
            throw Refused("must not name a git transport helper (transport::address)");
        }
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            return ParseWithScheme(url, url[..schemeEnd], allowLocalRepositories);
        }
        if (url[0] == '/')
        {
            return allowLocalRepositories
                ? new GitRemoteUrl(url, GitTransport.File, null)
                : throw Refused("is a local path, which needs --allow-local-repositories");
        }
        return ParseScpLike(url);
    }

    private static GitRemoteUrl ParseWithScheme(string url, string scheme, bool allowLocal)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw Refused("is not a well-formed URL");
        }
        var authority = url[(scheme.Length + 3)..];
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        authority = slash < 0 ? authority : authority[..slash];
        switch (scheme)
        {
            case "https":
                RequireNetworkAuthority(uri, authority);
                return new GitRemoteUrl(url, GitTransport.Https, "https://" + uri.Authority);
            case "http" when allowLocal && uri.IsLoopback:
                RequireNetworkAuthority(uri, authority);
                return new GitRemoteUrl(url, GitTransport.LoopbackHttp, "http://" + uri.Authority);
            case "http":
                throw Refused("uses http://, which is allowed only to a loopback address with --allow-local-repositories; use https://");
            case "ssh":
                if (uri.Host.Length == 0 || uri.Host[0] == '-' || uri.UserInfo.Contains(':', StringComparison.Ordinal) || uri.AbsolutePath.Length <= 1)
                {
                    throw Refused("must be ssh://[user@]host[:port]/path without a password");
                }
                return new GitRemoteUrl(url, GitTransport.Ssh, null);
            case "file" when !allowLocal:
                throw Refused("is a file:// URL, which needs --allow-local-repositories");
            case "file":
                if (authority.Length > 0 || uri.AbsolutePath.Length <= 1)
                {
                    throw Refused("must be file:///absolute/path");
                }
                return new GitRemoteUrl(url, GitTransport.File, null);
            default:
                throw Refused("uses a transport that is not allowed (only https://, ssh:// and user@host:path)");
        }
    }

    private static void RequireNetworkAuthority(Uri uri, string authority)
    {
        // Credentials never travel in the URL (a token goes through the credential helper); '@' in the authority
        // also hides where a URL really points, since URL parsers disagree about it.
        if (authority.Contains('@', StringComparison.Ordinal) || uri.UserInfo.Length > 0)
        {
            throw Refused("must not contain a user name or credentials; give the token separately");
        }
        if (uri.Host.Length == 0 || uri.AbsolutePath.Length <= 1)
        {
            throw Refused("needs a host and a repository path");
        }
    }

    /// <summary>git's scp-like syntax: <c>[user@]host:path</c> with no '/' before the first ':'.</summary>
    private static GitRemoteUrl ParseScpLike(string url)
    {
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var slash = url.IndexOf('/', StringComparison.Ordinal);
        if (colon <= 0 || slash >= 0 && slash < colon || colon == url.Length - 1)
        {
            throw Refused("must be an https:// or ssh:// URL or user@host:path (relative local paths are never accepted)");
        }
        var userAndHost = url[..colon];
        var host = userAndHost[(userAndHost.LastIndexOf('@') + 1)..];
        if (host.Length == 0 || host[0] == '-' || userAndHost.IndexOf('@', StringComparison.Ordinal) == 0)
        {
            throw Refused("must be user@host:path with a host that does not start with '-'");
        }
        return new GitRemoteUrl(url, GitTransport.Ssh, null);
    }

    /// <summary><c>name::address</c> makes git run <c>git-remote-name</c> (ext:: runs any command).</summary>
    private static bool IsTransportHelperSyntax(string url)
    {
        var separator = url.IndexOf("::", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }
        var name = url.AsSpan(0, separator);
        return char.IsAsciiLetter(name[0]) && !name.ContainsAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
    }

    private static CheckoutException Refused(string reason) => new("the repository URL " + reason);
}
