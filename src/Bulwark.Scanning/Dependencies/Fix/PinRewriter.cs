namespace Bulwark.Scanning.Dependencies.Fix;

/// <summary>
/// Rewrites the version of one requirement on one line, leaving everything else on the line (quotes, extras,
/// markers, comments, spacing) as it was. Only single-clause requirements are rewritten; compound ranges
/// (<c>&gt;=1,&lt;2</c>, <c>||</c>) need a person.
/// </summary>
internal static class PinRewriter
{
    /// <summary>Operators that keep their meaning when their version is raised to the fix.</summary>
    private static readonly string[] Operators = ["===", "==", "~=", ">=", "^", "~", "="];

    /// <summary>
    /// Finds <paramref name="name"/> on <paramref name="line"/>, then <paramref name="written"/> (the exact pin or
    /// requirement as the manifest wrote it) after it, and replaces that requirement's version with
    /// <paramref name="newVersion"/>.
    /// </summary>
    public static bool TryRewrite(string line, string name, string written, string newVersion, out string rewritten)
    {
        rewritten = line;
        var nameAt = line.IndexOf(name, StringComparison.OrdinalIgnoreCase);
        if (nameAt < 0 || written.Length == 0)
        {
            return false;
        }
        var requirement = written.Trim();
        if (requirement.Contains(',') || requirement.Contains("||", StringComparison.Ordinal) || requirement.Contains('<') || requirement.Contains(' ') || requirement.Contains('*'))
        {
            return false;
        }
        var at = line.IndexOf(requirement, nameAt + name.Length, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }
        var op = Operators.FirstOrDefault(o => requirement.StartsWith(o, StringComparison.Ordinal)) ?? "";
        if (op.Length == 0 && requirement.Length > 0 && !char.IsAsciiDigit(requirement[0]) && requirement[0] != 'v')
        {
            return false;
        }
        rewritten = string.Concat(line.AsSpan(0, at), op, newVersion, line.AsSpan(at + requirement.Length));
        return true;
    }
}
