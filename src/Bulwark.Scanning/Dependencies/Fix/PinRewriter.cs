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
        var requirement = written.Replace(" ", "", StringComparison.Ordinal);
        if (requirement.Contains(',') || requirement.Contains("||", StringComparison.Ordinal) || requirement.Contains('<') || requirement.Contains('*'))
        {
            return false;
        }
        var op = Operators.FirstOrDefault(o => requirement.StartsWith(o, StringComparison.Ordinal)) ?? "";
        var version = requirement[op.Length..].Trim();
        if (version.Length == 0 || (op.Length == 0 && !char.IsAsciiDigit(version[0]) && version[0] != 'v'))
        {
            return false;
        }
        // The manifest may space the operator ("== 8.2.0"): find the version, then check the operator before it.
        var from = nameAt + name.Length;
        while (true)
        {
            var at = line.IndexOf(version, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }
            var before = line.AsSpan(nameAt + name.Length, at - nameAt - name.Length).TrimEnd();
            var after = at + version.Length;
            var endsToken = after == line.Length || !(char.IsAsciiLetterOrDigit(line[after]) || line[after] is '.' or '-' or '+' or '_');
            if (endsToken && before.EndsWith(op, StringComparison.Ordinal))
            {
                rewritten = string.Concat(line.AsSpan(0, at), newVersion, line.AsSpan(after));
                break;
            }
            from = at + 1;
        }
        return true;
    }
}
