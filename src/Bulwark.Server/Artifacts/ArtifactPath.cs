using System.Globalization;

namespace Bulwark.Server.Artifacts;

/// <summary>
/// The rules for an artifact's name as a (possibly hostile) runner reports it: relative, '/'-separated, no empty,
/// '.' or '..' segment, no backslash, no control or invisible formatting characters (a name must look in the UI like
/// what it is: no bidi overrides), valid UTF-16, at most <see cref="MaxLength"/> characters.
/// </summary>
internal static class ArtifactPath
{
    public const int MaxLength = 1024;

    /// <summary>Null when <paramref name="path"/> is acceptable; otherwise why not.</summary>
    public static string? Problem(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "the artifact path is empty";
        }
        if (path.Length > MaxLength)
        {
            return $"the artifact path is longer than {MaxLength} characters";
        }
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (char.IsHighSurrogate(c) && i + 1 < path.Length && char.IsLowSurrogate(path[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return "the artifact path is not valid Unicode";
            }
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return $"the artifact path contains a control or formatting character (U+{(int)c:X4})";
            }
            if (c == '\\')
            {
                return "the artifact path must use '/' as its separator, not '\\'";
            }
        }
        if (path[0] == '/')
        {
            return "the artifact path must be relative to the workspace";
        }
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return "the artifact path must not contain empty, '.' or '..' segments";
            }
        }
        return null;
    }
}
