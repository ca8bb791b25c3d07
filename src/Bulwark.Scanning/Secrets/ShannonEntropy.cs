namespace Bulwark.Scanning.Secrets;

/// <summary>Shannon entropy in bits per character: random tokens score high, words and repeats low.</summary>
internal static class ShannonEntropy
{
    public static double Of(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }
        Span<int> ascii = stackalloc int[128];
        Dictionary<char, int>? other = null;
        foreach (var c in text)
        {
            if (c < 128)
            {
                ascii[c]++;
            }
            else
            {
                other ??= [];
                other[c] = other.GetValueOrDefault(c) + 1;
            }
        }
        double length = text.Length;
        var entropy = 0.0;
        foreach (var count in ascii)
        {
            if (count > 0)
            {
                var p = count / length;
                entropy -= p * Math.Log2(p);
            }
        }
        if (other is not null)
        {
            foreach (var count in other.Values)
            {
                var p = count / length;
                entropy -= p * Math.Log2(p);
            }
        }
        return entropy;
    }
}
