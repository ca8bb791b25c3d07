namespace Bulwark.Integrity.Hashing;

/// <summary>
/// Orders relative paths the way the reference implementation sorts its manifest keys: path component by
/// component, each component by Unicode code point. Comparing components one by one is the same as comparing
/// whole strings where '/' sorts before every other character; code point order differs from UTF-16 ordinal
/// order only for surrogates, which are lifted above U+FFFF here.
/// </summary>
internal sealed class ResourceNameComparer : IComparer<string>
{
    public static ResourceNameComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null)
        {
            return -1;
        }
        if (y is null)
        {
            return 1;
        }
        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] != y[i])
            {
                return Weight(x[i]).CompareTo(Weight(y[i]));
            }
        }
        return x.Length.CompareTo(y.Length);
    }

    private static int Weight(char c) => c switch
    {
        '/' => -1,
        >= '\uD800' and <= '\uDFFF' => c + 0x10000,
        _ => c,
    };
}
