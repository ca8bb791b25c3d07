using System.Buffers.Binary;

namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// Tells whether a seekable file ends like a zip (a plausible end record whose central directory is where it
/// says), whatever its first bytes are. Sniffing sees only the head, so a pickle with a zip appended (loaded as
/// a pickle by torch.load, as a zip by zipfile-based scanners) is claimed by the pickle format; the scan service
/// calls this for files whose head is not a zip and, on true, scans them with <see cref="ZipFormat"/>.
/// </summary>
internal static class ZipTailProbe
{
    public static bool EndsWithZip(Stream stream)
    {
        if (!stream.CanSeek || stream.Length < 22)
        {
            return false;
        }
        var start = stream.Position;
        try
        {
            var length = stream.Length;
            var tailLength = (int)Math.Min(length, 22 + ushort.MaxValue);
            var tail = StreamReads.ReadUpTo(stream, length - tailLength, tailLength);
            for (var i = tail.Length - 22; i >= 0; i--)
            {
                if (ZipSignatures.IsAt(tail, i, ZipSignatures.EndOfDirectory) && Plausible(stream, length - tailLength + i, tail.AsSpan(i)))
                {
                    return true;
                }
            }
            return false;
        }
        finally
        {
            stream.Position = start;
        }
    }

    private static bool Plausible(Stream stream, long endOffset, ReadOnlySpan<byte> record)
    {
        var entries = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
        Span<byte> signature = stackalloc byte[4];
        if (StreamReads.TryReadAt(stream, endOffset - 20, signature) && ZipSignatures.IsAt(signature, 0, ZipSignatures.Zip64Locator))
        {
            return true;
        }
        if (entries == 0)
        {
            return size == 0;
        }
        return size <= endOffset && StreamReads.TryReadAt(stream, endOffset - size, signature) && ZipSignatures.IsAt(signature, 0, ZipSignatures.CentralHeader);
    }
}
