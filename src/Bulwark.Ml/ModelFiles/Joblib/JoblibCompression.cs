using System.Buffers.Binary;
using System.IO.Compression;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.LZMA;
using SharpCompress.Compressors.Xz;

namespace Bulwark.Ml.ModelFiles.Joblib;

/// <summary>
/// The compressions joblib.dump writes, by magic: zlib (<c>compress=N</c>, and old joblib's <c>ZF</c> header
/// followed by a hex length and a zlib stream), gzip, bz2, xz, and lzma-alone.
/// </summary>
internal enum JoblibCompression
{
    None,
    Zlib,
    ZFile,
    Gzip,
    Bzip2,
    Xz,
    Lzma,
}

internal static class JoblibCompressions
{
    /// <summary>Old joblib's header: 'ZF' and a 19-character hex length.</summary>
    private const int ZFileHeader = 21;

    public static JoblibCompression Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length < 3)
        {
            return JoblibCompression.None;
        }
        if (head[0] == 0x78 && head[1] is 0x01 or 0x5E or 0x9C or 0xDA && ((head[0] << 8) | head[1]) % 31 == 0)
        {
            return JoblibCompression.Zlib;
        }
        return head switch
        {
            [(byte)'Z', (byte)'F', (byte)'0', (byte)'x', ..] => JoblibCompression.ZFile,
            [0x1F, 0x8B, 0x08, ..] => JoblibCompression.Gzip,
            [(byte)'B', (byte)'Z', (byte)'h', >= (byte)'1' and <= (byte)'9', ..] => JoblibCompression.Bzip2,
            [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00, ..] => JoblibCompression.Xz,
            // lzma-alone: properties byte 0x5D (lc=3, lp=0, pb=2, joblib's preset), then a 4-byte dictionary size.
            [0x5D, 0x00, _, _, _, ..] when head.Length >= 13 => JoblibCompression.Lzma,
            _ => JoblibCompression.None,
        };
    }

    /// <summary>A decompressing view of <paramref name="stream"/> (at the start of the content); null when the header is bad.</summary>
    public static Stream? Open(JoblibCompression compression, Stream stream) => compression switch
    {
        JoblibCompression.Zlib => new ZLibStream(stream, CompressionMode.Decompress),
        JoblibCompression.ZFile => OpenZFile(stream),
        JoblibCompression.Gzip => new GZipStream(stream, CompressionMode.Decompress),
        JoblibCompression.Bzip2 => BZip2Stream.Create(stream, SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true, leaveOpen: false, tolerateTruncatedStream: false),
        JoblibCompression.Xz => new XZStream(stream),
        JoblibCompression.Lzma => OpenLzma(stream),
        _ => null,
    };

    private static Stream? OpenZFile(Stream stream)
    {
        // 'ZF', the uncompressed length as '0x…' left-justified in 19 characters (len of hex(2**64)), and from
        // joblib ≤ 0.8.4 one more space; a zlib stream never starts with a space.
        Span<byte> header = stackalloc byte[ZFileHeader];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) != header.Length)
        {
            return null;
        }
        var next = stream.ReadByte();
        if (next < 0)
        {
            return null;
        }
        var rest = next == ' ' ? stream : new HeadReplayStream([(byte)next], stream);
        return new ZLibStream(rest, CompressionMode.Decompress);
    }

    private static LzmaStream? OpenLzma(Stream stream)
    {
        Span<byte> header = stackalloc byte[13];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) != header.Length)
        {
            return null;
        }
        var size = BinaryPrimitives.ReadInt64LittleEndian(header[5..]);
        return LzmaStream.Create(header[..5].ToArray(), stream, -1, size, leaveOpen: false);
    }
}
