namespace Bulwark.Integrity.Provenance;

/// <summary>Parses the <c>ALG:HEX</c> form of a source digest (<c>gitCommit:…</c>, <c>sha1:…</c>, <c>sha256:…</c>).</summary>
internal static class SourceDigest
{
    private const int MaxAlgorithmLength = 32;
    private const int MaxHexLength = 128;

    /// <summary>The algorithm and lower-case hex, or the reason the text is not a digest.</summary>
    public static (KeyValuePair<string, string>? Digest, string? Error) Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return (null, $"source digest '{text}' must be ALG:HEX, for example gitCommit:<40 hex digits>");
        }
        var algorithm = text.AsSpan(0, colon);
        var hex = text.AsSpan(colon + 1);
        if (algorithm.Length > MaxAlgorithmLength || !IsAlgorithmName(algorithm))
        {
            return (null, $"source digest algorithm '{algorithm}' must be 1 to {MaxAlgorithmLength} ASCII letters, digits or '-'");
        }
        if (hex.Length > MaxHexLength || hex.Length % 2 != 0 || !IsHex(hex))
        {
            return (null, $"source digest value must be an even number of hex digits (at most {MaxHexLength})");
        }
        return (new KeyValuePair<string, string>(algorithm.ToString(), hex.ToString().ToLowerInvariant()), null);
    }

    private static bool IsAlgorithmName(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
