namespace Bulwark.Server.Projects;

/// <summary>
/// Project names appear in URLs, file paths and logs, so they are restricted to a safe alphabet: lower-case
/// ASCII letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters, and never
/// "." or "..". Anything else is refused, not rewritten.
/// </summary>
internal static class ProjectName
{
    public const int MaxLength = 64;

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !char.IsAsciiLetterLower(name[0]) && !char.IsAsciiDigit(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }
        return !name.Contains("..", StringComparison.Ordinal);
    }
}
