namespace Bulwark.Server.Secrets;

/// <summary>
/// Branch and tag patterns: <c>*</c> matches within one path segment, <c>**</c> across segments, everything else
/// literally (<c>main</c>, <c>release/*</c>, <c>v*</c>, <c>hotfix/**</c>). Matching is a table walk, linear in
/// pattern × ref, so no pattern can make it slow; both sides are bounded in length.
/// </summary>
internal static class SecretRefPattern
{
    public const int MaxLength = 200;

    public static bool IsValid(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern) || pattern.Length > MaxLength || pattern.Contains("***", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in pattern)
        {
            if (c is <= ' ' or > '~' or '\\' or '?' or '[' or ':' or '^' or '~')
            {
                return false;
            }
        }
        return true;
    }

    public static bool Matches(string pattern, string reference)
    {
        if (reference.Length > 1024)
        {
            return false;
        }
        // reachable[j]: the pattern read so far can match reference[..j].
        var reachable = new bool[reference.Length + 1];
        reachable[0] = true;
        for (var p = 0; p < pattern.Length; p++)
        {
            var next = new bool[reference.Length + 1];
            if (pattern[p] == '*')
            {
                var crossesSegments = p + 1 < pattern.Length && pattern[p + 1] == '*';
                var carried = false;
                for (var j = 0; j <= reference.Length; j++)
                {
                    carried = reachable[j] || (carried && j > 0 && (crossesSegments || reference[j - 1] != '/'));
                    next[j] = carried;
                }
                if (crossesSegments)
                {
                    p++;
                }
            }
            else
            {
                for (var j = 1; j <= reference.Length; j++)
                {
                    next[j] = reachable[j - 1] && reference[j - 1] == pattern[p];
                }
            }
            reachable = next;
        }
        return reachable[reference.Length];
    }
}
