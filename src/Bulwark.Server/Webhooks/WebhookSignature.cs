using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Webhooks;

/// <summary>
/// Checks that a webhook came from the Git host that knows the project's webhook secret. Every comparison is
/// constant-time over fixed-length values, so neither the content nor the length of the expected value leaks
/// through timing. A missing, repeated or malformed header is simply not valid.
/// </summary>
internal static class WebhookSignature
{
    /// <summary>GitHub: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the raw body, keyed with the secret.</summary>
    public const string GitHubHeader = "X-Hub-Signature-256";

    /// <summary>GitLab: the secret itself (GitLab calls it the secret token).</summary>
    public const string GitLabHeader = "X-Gitlab-Token";

    /// <summary>Gitea: the hex HMAC-SHA256 of the raw body, without a prefix.</summary>
    public const string GiteaHeader = "X-Gitea-Signature";

    private const string GitHubPrefix = "sha256=";
    private const int HmacBytes = 32;

    public static bool IsValid(WebhookProvider provider, IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret) =>
        IsValid(provider, WebhookHeaders.From(headers), body, secret);

    /// <param name="header">Returns a header's value, or null when absent (see <see cref="WebhookHeaders.From"/>).</param>
    public static bool IsValid(WebhookProvider provider, Func<string, string?> header, ReadOnlySpan<byte> body, string secret)
    {
        ArgumentNullException.ThrowIfNull(header);
        // An empty secret would make every GitLab token "" valid and every HMAC forgeable.
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }
        return provider switch
        {
            WebhookProvider.GitHub => header(GitHubHeader) is { } value
                && value.StartsWith(GitHubPrefix, StringComparison.Ordinal)
                && HmacMatches(value.AsSpan(GitHubPrefix.Length), body, secret),
            WebhookProvider.GitLab => header(GitLabHeader) is { } token && TokenMatches(token, secret),
            WebhookProvider.Gitea => header(GiteaHeader) is { } value && HmacMatches(value, body, secret),
            _ => false,
        };
    }

    /// <summary>The header value a host would send for <paramref name="body"/> (for tests and for documenting the scheme).</summary>
    public static string Compute(WebhookProvider provider, ReadOnlySpan<byte> body, string secret) => provider switch
    {
        WebhookProvider.GitHub => GitHubPrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)),
        WebhookProvider.GitLab => secret,
        WebhookProvider.Gitea => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    private static bool HmacMatches(ReadOnlySpan<char> hex, ReadOnlySpan<byte> body, string secret)
    {
        if (hex.Length != HmacBytes * 2)
        {
            return false;
        }
        Span<byte> claimed = stackalloc byte[HmacBytes];
        if (Convert.FromHexString(hex, claimed, out _, out var written) != OperationStatus.Done || written != HmacBytes)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[HmacBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(claimed, expected);
    }

    /// <summary>Compares SHA-256 digests, not the strings: equal length always, so the secret's length does not leak.</summary>
    private static bool TokenMatches(string token, string secret)
    {
        Span<byte> claimed = stackalloc byte[32];
        Span<byte> expected = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), claimed);
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), expected);
        return CryptographicOperations.FixedTimeEquals(claimed, expected);
    }
}
