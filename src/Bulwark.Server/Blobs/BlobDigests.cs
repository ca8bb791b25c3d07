namespace Bulwark.Server.Blobs;

/// <summary>The one spelling of a blob's name: 64 lower-case hex digits of the SHA-256 of its plaintext.</summary>
internal static class BlobDigests
{
    public const int HexLength = 64;

    /// <summary>The digest in lower case, or null when <paramref name="text"/> is not 64 hex digits.</summary>
    public static string? Normalize(string? text)
    {
        if (text is not { Length: HexLength })
        {
            return null;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return null;
            }
        }
        return text.ToLowerInvariant();
    }
}
