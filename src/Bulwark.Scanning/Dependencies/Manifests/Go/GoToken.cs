namespace Bulwark.Scanning.Dependencies.Manifests.Go;

/// <summary>One whitespace-separated token of a go.mod or go.sum line, quotes removed, with its 1-based column.</summary>
internal readonly record struct GoToken(string Text, int Column)
{
    /// <summary>
    /// Splits a line into tokens up to a <c>//</c> comment (returned without the slashes), honouring
    /// <c>"..."</c> and <c>`...`</c> quoting. False when a quote is not closed.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<char> line, List<GoToken> tokens, out string? comment)
    {
        tokens.Clear();
        comment = null;
        var i = 0;
        while (i < line.Length)
        {
            if (char.IsWhiteSpace(line[i]))
            {
                i++;
                continue;
            }
            if (line[i..].StartsWith("//"))
            {
                comment = line[(i + 2)..].Trim().ToString();
                return true;
            }
            var start = i;
            if (line[i] is '"' or '`')
            {
                var close = line[(i + 1)..].IndexOf(line[i]);
                if (close < 0)
                {
                    return false;
                }
                tokens.Add(new GoToken(line.Slice(i + 1, close).ToString(), start + 1));
                i += close + 2;
                continue;
            }
            while (i < line.Length && !char.IsWhiteSpace(line[i]) && !line[i..].StartsWith("//"))
            {
                i++;
            }
            tokens.Add(new GoToken(line[start..i].ToString(), start + 1));
        }
        return true;
    }
}
