namespace Bulwark.Server.Identity;

/// <summary>Return URLs after sign-in and step-up: only paths on this server, so a link cannot bounce a user elsewhere.</summary>
internal static class LocalUrl
{
    public const int MaxLength = 2048;

    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";

    /// <summary>"/path" only: not "//host", not "/\host" (browsers treat both as another origin), no control characters.</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 and <= MaxLength } && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
