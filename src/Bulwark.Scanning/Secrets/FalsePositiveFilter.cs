using System.Buffers;
using System.Text.RegularExpressions;

namespace Bulwark.Scanning.Secrets;

/// <summary>
/// Filters for candidates that look like secrets but are not: placeholders, documented example keys,
/// references to where the real secret lives (environment, secret stores, templates), and — for generic
/// rules — digests, UUIDs, paths and identifiers. False positives kill adoption, so this runs on every candidate.
/// </summary>
internal static partial class FalsePositiveFilter
{
    private const int MinGenericLength = 8;

    private static readonly SearchValues<string> PlaceholderMarkers = SearchValues.Create(
        [
            "xxxx", "your_", "your-", "yourkey", "yourtoken", "yoursecret", "changeme", "change_me", "example",
            "dummy", "sample", "placeholder", "redacted", "****", "${", "{{", "<your", "insert", "replace_me",
            "replaceme", "todo", "fixme", "abcdefghij", "1234567890", "0123456789", "notreal", "not_real",
        ],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Values that point at the real secret instead of being it.</summary>
    private static readonly SearchValues<string> ReferenceMarkers = SearchValues.Create(
        [
            "os.environ", "os.getenv", "getenv(", "process.env", "environment.get", "env(", "env[", "env.",
            "secrets.", "vault(", "keyring.", "userdata.get", "dbutils.secrets", "config[", "settings.",
            "self.", "this.", "args.", "getpass", "input(", "%(", "$(", "{{", "${",
        ],
        StringComparison.OrdinalIgnoreCase);

    private static readonly HashSet<string> CommonNonSecrets = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "secret", "token", "apikey", "api_key", "none", "null", "nil", "true", "false",
        "undefined", "string", "required", "optional", "empty", "default", "bearer", "basic", "value",
        "password123", "secret123", "admin", "root", "test", "testing", "unknown", "disabled", "enabled",
    };

    /// <param name="before">The character just before the secret: a quote means a literal, anything else may be code.</param>
    public static bool IsFalsePositive(SecretRule rule, ReadOnlySpan<char> secret, ReadOnlySpan<char> line, char before, bool inLockfile)
    {
        if (secret.IsEmpty || IsPlaceholder(secret))
        {
            return true;
        }
        return rule.IsGeneric && (IsGenericFalsePositive(secret, line, inLockfile) || IsUnquotedName(secret, before));
    }

    /// <summary><c>self.password = credentials</c>: an unquoted value made of letters only is a variable, not a password.</summary>
    private static bool IsUnquotedName(ReadOnlySpan<char> secret, char before) =>
        before is not ('"' or '\'' or '`') && !secret.ContainsAnyExcept(NameCharacters);

    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_");

    public static bool IsPlaceholder(ReadOnlySpan<char> secret)
    {
        if (secret.IndexOfAny(PlaceholderMarkers) >= 0)
        {
            return true;
        }
        // One repeated character ("aaaaaaaa", "00000000") is padding, not a credential.
        return secret.Length > 1 && !secret.ContainsAnyExcept(secret[0]);
    }

    private static bool IsGenericFalsePositive(ReadOnlySpan<char> secret, ReadOnlySpan<char> line, bool inLockfile)
    {
        if (inLockfile || secret.Length < MinGenericLength)
        {
            return true;
        }
        if (secret.IndexOfAny(ReferenceMarkers) >= 0 || line.IndexOfAny(ReferenceMarkers) >= 0 && ReferencesAfterKey(line))
        {
            return true;
        }
        var text = secret.ToString();
        return CommonNonSecrets.Contains(text)
            || UuidPattern().IsMatch(text)
            || HexDigestPattern().IsMatch(text)
            || IntegrityPattern().IsMatch(text)
            || PathPattern().IsMatch(text)
            || IdentifierPattern().IsMatch(text)
            || DottedNamePattern().IsMatch(text);
    }

    /// <summary>True when the line assigns from a lookup, e.g. <c>password = os.environ["DB_PASSWORD"]</c>.</summary>
    private static bool ReferencesAfterKey(ReadOnlySpan<char> line)
    {
        var assign = line.IndexOfAny('=', ':');
        return assign >= 0 && line[assign..].IndexOfAny(ReferenceMarkers) >= 0;
    }

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$", RegexOptions.NonBacktracking)]
    private static partial Regex UuidPattern();

    [GeneratedRegex(@"^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128}|[0-9A-F]{32}|[0-9A-F]{40}|[0-9A-F]{64}|[0-9A-F]{128})$", RegexOptions.NonBacktracking)]
    private static partial Regex HexDigestPattern();

    [GeneratedRegex(@"^(?:sha1|sha256|sha384|sha512|md5)[-:=]", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase)]
    private static partial Regex IntegrityPattern();

    [GeneratedRegex(@"^(?:\.{0,2}/|~/|[A-Za-z]:\\)[\w./\\-]*$|^[\w-]+(?:/[\w.-]+)+\.\w{1,5}$", RegexOptions.NonBacktracking)]
    private static partial Regex PathPattern();

    /// <summary>snake_case or kebab-case names made of letters only: variable and field names, not secrets.</summary>
    [GeneratedRegex(@"^[a-z]+(?:[_-][a-z]+)+$|^[A-Z]+(?:_[A-Z]+)+$", RegexOptions.NonBacktracking)]
    private static partial Regex IdentifierPattern();

    /// <summary>Attribute chains such as <c>config.db.password</c> or <c>request.form.token</c>.</summary>
    [GeneratedRegex(@"^[A-Za-z_]+(?:\.[A-Za-z_]+)+(?:\(\))?$", RegexOptions.NonBacktracking)]
    private static partial Regex DottedNamePattern();
}
