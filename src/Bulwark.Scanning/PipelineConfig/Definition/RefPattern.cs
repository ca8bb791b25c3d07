namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>
/// Matches branch and tag names against filter patterns: <c>*</c> matches any run of characters except
/// <c>/</c>, <c>**</c> any run including <c>/</c>, everything else itself (ordinal). A dynamic programme over
/// one row, so the time is pattern length × name length whatever the pattern, with no backtracking.
/// </summary>
internal static class RefPattern
{
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        // row[j]: the pattern read so far matches name[..j].
        var row = new bool[name.Length + 1];
        row[0] = true;
        var i = 0;
        while (i < pattern.Length)
        {
            if (pattern[i] == '*')
            {
                var crossesSlash = i + 1 < pattern.Length && pattern[i + 1] == '*';
                i += crossesSlash ? 2 : 1;
                for (var j = 1; j <= name.Length; j++)
                {
                    row[j] |= row[j - 1] && (crossesSlash || name[j - 1] != '/');
                }
                continue;
            }
            for (var j = name.Length; j >= 1; j--)
            {
                row[j] = row[j - 1] && name[j - 1] == pattern[i];
            }
            row[0] = false;
            i++;
        }
        return row[name.Length];
    }
}
