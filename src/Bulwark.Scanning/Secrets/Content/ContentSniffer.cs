using System.Text;

namespace Bulwark.Scanning.Secrets.Content;

/// <summary>
/// Decides from the first bytes what a file is — never from its name alone: text (and which encoding),
/// a zip archive, or binary. A BOM wins; otherwise NUL bytes mean binary, and bytes that are not valid
/// UTF-8 mean Latin-1 (every byte is a character there, so nothing is lost).
/// </summary>
internal static class ContentSniffer
{
    public const int SniffBytes = 8192;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static (ContentKind Kind, Encoding Encoding, int BomLength) Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8))
        {
            return (ContentKind.Archive, Utf8, 0);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (ContentKind.Text, Utf8, 3);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return (ContentKind.Text, new UTF32Encoding(bigEndian: false, byteOrderMark: false), 4);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return (ContentKind.Text, new UTF32Encoding(bigEndian: true, byteOrderMark: false), 4);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (ContentKind.Text, new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (ContentKind.Text, new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2);
        }
        if (head.Contains((byte)0))
        {
            return (ContentKind.Binary, Utf8, 0);
        }
        return (ContentKind.Text, IsUtf8(head) ? Utf8 : Encoding.Latin1, 0);
    }

    /// <summary>Valid UTF-8, allowing the sniff window to end inside a multi-byte sequence.</summary>
    private static bool IsUtf8(ReadOnlySpan<byte> head)
    {
        if (System.Text.Unicode.Utf8.IsValid(head))
        {
            return true;
        }
        for (var trim = 1; trim <= 3 && trim < head.Length; trim++)
        {
            if (System.Text.Unicode.Utf8.IsValid(head[..^trim]))
            {
                return true;
            }
        }
        return false;
    }
}
