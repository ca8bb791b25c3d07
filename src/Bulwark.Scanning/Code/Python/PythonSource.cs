using System.Text;

namespace Bulwark.Scanning.Code.Python;

/// <summary>
/// Decodes a .py file's bytes as Python does (PEP 263): UTF-8 by default, a UTF-8 BOM honoured, and a
/// <c>coding:</c> cookie on the first two lines for Latin-1 and other single-byte encodings. Undecodable bytes
/// become U+FFFD rather than errors: analysis needs the structure, not every character.
/// </summary>
internal static class PythonSource
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\xEF\xBB\xBF"u8))
        {
            return Utf8.GetString(bytes[3..]);
        }
        return Cookie(bytes) switch
        {
            "latin-1" or "latin1" or "iso-8859-1" or "iso8859-1" or "iso-latin-1" or "l1" or "cp1252" or "windows-1252" => Encoding.Latin1.GetString(bytes),
            "ascii" or "us-ascii" => Encoding.Latin1.GetString(bytes),
            _ => Utf8.GetString(bytes),
        };
    }

    /// <summary>The encoding named by a <c>coding[:=]</c> comment on line 1 or 2, lower-cased, with '_' as '-'.</summary>
    private static string? Cookie(ReadOnlySpan<byte> bytes)
    {
        for (var line = 0; line < 2 && bytes.Length > 0; line++)
        {
            var end = bytes.IndexOf((byte)'\n');
            var text = end < 0 ? bytes : bytes[..end];
            var trimmed = text.TrimStart(" \t\f"u8);
            if (trimmed.Length > 0 && trimmed[0] == '#')
            {
                var at = trimmed.IndexOf("coding"u8);
                if (at >= 0 && at + 7 < trimmed.Length && trimmed[at + 6] is (byte)':' or (byte)'=')
                {
                    var name = trimmed[(at + 7)..].TrimStart(" \t"u8);
                    var length = 0;
                    while (length < name.Length && (char.IsAsciiLetterOrDigit((char)name[length]) || name[length] is (byte)'-' or (byte)'_' or (byte)'.'))
                    {
                        length++;
                    }
                    return Encoding.ASCII.GetString(name[..length]).ToLowerInvariant().Replace('_', '-');
                }
            }
            else if (trimmed.Length > 0 && trimmed[0] is not ((byte)'\r' or (byte)'\n'))
            {
                return null;
            }
            bytes = end < 0 ? [] : bytes[(end + 1)..];
        }
        return null;
    }
}
