namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>Checks archive member names for ways out of the extraction folder.</summary>
internal static class MemberNames
{
    /// <summary>Why the name is unsafe to extract, or null when it is a plain relative path.</summary>
    public static string? Unsafe(string name)
    {
        if (name.Length == 0)
        {
            return "an empty name";
        }
        if (name[0] is '/' or '\\')
        {
            return "an absolute path";
        }
        if (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0]))
        {
            return "a drive letter";
        }
        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                return "a control character";
            }
        }
        if (name.Contains('\\', StringComparison.Ordinal))
        {
            return "backslashes (a path separator on Windows)";
        }
        foreach (var segment in name.Split('/'))
        {
            if (segment == "..")
            {
                return "a '..' segment";
            }
        }
        return null;
    }

    /// <summary>A name safe to show in a message: control characters escaped, at most 200 characters.</summary>
    public static string Printable(string name)
    {
        var builder = new System.Text.StringBuilder(Math.Min(name.Length, 200));
        foreach (var c in name)
        {
            if (builder.Length >= 200)
            {
                builder.Append('…');
                break;
            }
            builder.Append(char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString());
        }
        return builder.ToString();
    }
}
