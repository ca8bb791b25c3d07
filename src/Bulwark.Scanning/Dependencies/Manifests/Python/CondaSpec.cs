namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// A conda match spec from an environment file: <c>[channel::]name[version[=build]]</c>, where the version part
/// is <c>=1.2</c>, <c>==1.2</c>, <c>&gt;=1.2,&lt;2</c> or a space-separated <c>1.2 build</c>. <c>name=1.2.3</c> and
/// <c>name==1.2.3</c> count as pins; wildcards, ranges and alternatives do not.
/// </summary>
internal sealed record CondaSpec(string Name, int NameOffset, string? Version, string? Requirement)
{
    public static CondaSpec? Parse(string spec)
    {
        var offset = spec.Length - spec.TrimStart().Length;
        var text = spec.Trim();
        var channel = text.IndexOf("::", StringComparison.Ordinal);
        if (channel >= 0)
        {
            offset += channel + 2;
            text = text[(channel + 2)..];
        }
        var end = 0;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '-' or '_' or '.'))
        {
            end++;
        }
        if (end == 0)
        {
            return null;
        }
        var name = text[..end];
        var rest = text[end..].Trim();
        if (rest.Length == 0)
        {
            return new CondaSpec(name, offset, null, null);
        }
        if (rest[0] is not ('=' or '<' or '>' or '!' or '~') && !char.IsAsciiDigit(rest[0]))
        {
            return null;
        }
        var version = rest.StartsWith("==", StringComparison.Ordinal) ? rest[2..]
            : rest[0] == '=' ? rest[1..]
            : char.IsAsciiDigit(rest[0]) ? rest
            : null;
        if (version is not null)
        {
            // Drop the build string ("=py310_0" or " py310_0") that follows the version.
            var buildStart = version.IndexOfAny(['=', ' ']);
            version = buildStart >= 0 ? version[..buildStart] : version;
            if (version.Length == 0 || version.IndexOfAny(['*', ',', '|', '<', '>', '!']) >= 0)
            {
                version = null;
            }
        }
        return new CondaSpec(name, offset, version, rest);
    }
}
