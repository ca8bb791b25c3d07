using System.Globalization;

namespace Bulwark.Server.Webhooks;

/// <summary>
/// Validation of the git names a webhook carries. Refs follow <c>git check-ref-format</c>'s rules plus a length
/// limit and a ban on Unicode format characters (bidirectional overrides make a name read as something else).
/// Error messages name the field and never echo the value.
/// </summary>
internal static class GitNames
{
    public const int MaxRefLength = 255;
    public const string HeadsPrefix = "refs/heads/";
    public const string TagsPrefix = "refs/tags/";
    private const int CommitLength = 40;

    /// <summary>The commit id in lower case.</summary>
    /// <exception cref="WebhookPayloadException">Not exactly 40 hex characters.</exception>
    public static string Commit(string value, string field)
    {
        if (value.Length != CommitLength || !value.All(char.IsAsciiHexDigit))
        {
            throw new WebhookPayloadException($"{field} must be a 40-character hex commit id");
        }
        return value.ToLowerInvariant();
    }

    /// <summary>The all-zero id hosts send as the new value of a deleted ref.</summary>
    public static bool IsZero(string value) => value.Length > 0 && value.All(c => c == '0');

    /// <summary>A full ref name such as <c>refs/heads/main</c>.</summary>
    /// <exception cref="WebhookPayloadException">Not a well-formed ref under <c>refs/</c>.</exception>
    public static string Ref(string value, string field)
    {
        if (!value.StartsWith("refs/", StringComparison.Ordinal) || !IsValidName(value))
        {
            throw new WebhookPayloadException($"{field} is not a valid git ref name (refs/..., at most {MaxRefLength} characters)");
        }
        return value;
    }

    /// <summary>A short branch name such as <c>main</c> or <c>feature/x</c>.</summary>
    /// <exception cref="WebhookPayloadException">Not a name that could follow <c>refs/heads/</c>.</exception>
    public static string Branch(string value, string field)
    {
        if (!IsValidName(HeadsPrefix + value))
        {
            throw new WebhookPayloadException($"{field} is not a valid git branch name");
        }
        return value;
    }

    private static bool IsValidName(string name)
    {
        if (name.Length > MaxRefLength || name.EndsWith('/') || name.EndsWith('.') || name.EndsWith(".lock", StringComparison.Ordinal)
            || name.Contains("..", StringComparison.Ordinal) || name.Contains("//", StringComparison.Ordinal)
            || name.Contains("@{", StringComparison.Ordinal) || name.Contains("/.", StringComparison.Ordinal) || name.Contains(".lock/", StringComparison.Ordinal))
        {
            return false;
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsSurrogate(c))
            {
                // Only well-formed pairs: a lone surrogate is not text any other tool can show or store.
                if (!char.IsSurrogatePair(name, i))
                {
                    return false;
                }
                i++;
                continue;
            }
            if (c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\' || char.IsControl(c))
            {
                return false;
            }
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator)
            {
                return false;
            }
        }
        return true;
    }
}
