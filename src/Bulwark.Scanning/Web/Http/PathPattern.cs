namespace Bulwark.Scanning.Web.Http;

/// <summary>
/// A URL-path pattern of <c>[dast] exclude_paths</c>: without <c>*</c> it matches the path itself and everything
/// below it (<c>/logout</c> matches <c>/logout</c> and <c>/logout/all</c>, not <c>/logouts</c>); with <c>*</c> the
/// whole path must match, <c>*</c> standing for any characters, <c>/</c> included. Ordinal, on the decoded path.
/// Linear in practice: the classic greedy match, bounded by the pattern and path lengths.
/// </summary>
internal static class PathPattern
{
    public static bool IsMatch(string pattern, string path)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            var prefix = pattern.TrimEnd('/');
            return path == pattern || path == prefix
                || (path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length && path[prefix.Length] == '/');
        }
        int p = 0, s = 0, star = -1, resume = 0;
        while (s < path.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = s;
            }
            else if (p < pattern.Length && pattern[p] == path[s])
            {
                p++;
                s++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                s = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
