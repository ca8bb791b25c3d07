using System.Buffers.Binary;

namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// Finds the end of central directory record the way directory-based readers do (the last signature in the
/// final 64 KiB, as zipfile and miniz both pick), follows the Zip64 locator, and reports what makes readers
/// disagree: data after the end record, comments hiding signatures or a second end record, end records that
/// contradict each other.
/// </summary>
internal static class ZipEndLocator
{
    private const int EndSize = 22;
    private const int Zip64EndSize = 56;
    private const int LocatorSize = 20;

    public static ZipDirectoryEnd? Find(Stream stream, ModelScanContext context, ModelLocation where)
    {
        var length = stream.Length;
        var tailLength = (int)Math.Min(length, EndSize + ushort.MaxValue);
        var tailStart = length - tailLength;
        var tail = StreamReads.ReadUpTo(stream, tailStart, tailLength);
        var found = FindLast(tail, tail.Length - EndSize);
        if (found < 0)
        {
            context.Report(ContainerRules.ZipMalformed, where, "no end of central directory record: the zip cannot be opened by directory-based readers");
            return null;
        }
        var record = tail.AsSpan(found);
        var endOffset = tailStart + found;
        var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(record[20..]);
        CheckTail(tail, found, commentLength, length - (endOffset + EndSize + commentLength), context, where);
        if (BinaryPrimitives.ReadUInt16LittleEndian(record[4..]) != 0 || BinaryPrimitives.ReadUInt16LittleEndian(record[6..]) != 0)
        {
            context.Report(ContainerRules.ZipMalformed, where.At(endOffset), "the end record names another disk (a spanned archive); readers handle this differently");
        }
        long entries = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        var structureEnd = endOffset;
        if (ReadZip64(stream, endOffset, out var z64Start, out var z64Entries, out var z64Size, out var z64Offset))
        {
            if ((entries != 0xFFFF && entries != z64Entries) || (size != 0xFFFFFFFF && size != z64Size) || (offset != 0xFFFFFFFF && offset != z64Offset))
            {
                context.Report(ContainerRules.ZipMalformed, where.At(endOffset), "the end record and the Zip64 end record disagree on the central directory; readers that use different ones see different members");
            }
            (entries, size, offset, structureEnd) = (z64Entries, z64Size, z64Offset, z64Start);
        }
        else if (entries == 0xFFFF || size == 0xFFFFFFFF || offset == 0xFFFFFFFF)
        {
            context.Report(ContainerRules.ZipMalformed, where.At(endOffset), "the end record needs a Zip64 end record that is missing");
        }
        var directoryStart = structureEnd - size;
        if (size < 0 || directoryStart < 0 || offset < 0)
        {
            context.Report(ContainerRules.ZipMalformed, where.At(endOffset), "the central directory size or offset lies outside the file");
            return null;
        }
        var shift = directoryStart - offset;
        if (shift < 0)
        {
            context.Report(ContainerRules.ZipMalformed, where.At(endOffset), $"the central directory is declared {-shift} bytes after where it ends; readers locate members differently");
        }
        return new ZipDirectoryEnd(directoryStart, size, shift, entries, structureEnd);
    }

    /// <summary>Offset of the last end-record signature at or before <paramref name="from"/>, or -1.</summary>
    private static int FindLast(byte[] tail, int from)
    {
        for (var i = from; i >= 0; i--)
        {
            if (ZipSignatures.IsAt(tail, i, ZipSignatures.EndOfDirectory))
            {
                return i;
            }
        }
        return -1;
    }

    private static void CheckTail(byte[] tail, int found, int commentLength, long trailing, ModelScanContext context, ModelLocation where)
    {
        var commentStart = found + EndSize;
        var comment = tail.AsSpan(commentStart, Math.Min(commentLength, tail.Length - commentStart));
        if (trailing > 0)
        {
            context.Report(ContainerRules.ZipTrailingData, where, $"{trailing} bytes follow the end record; readers that search differently may find another archive there",
                properties: ("bytes", trailing.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        else if (trailing < 0)
        {
            context.Report(ContainerRules.ZipCommentTrick, where, "the zip comment length runs past the end of the file");
        }
        if (comment.IndexOf("PK\u0001\u0002"u8) >= 0 || comment.IndexOf("PK\u0003\u0004"u8) >= 0)
        {
            context.Report(ContainerRules.ZipCommentTrick, where, "the zip comment contains zip headers; a reader that resynchronises on signatures sees members there");
        }
        var earlier = FindLast(tail, found - 1);
        if (earlier >= 0 && earlier + EndSize + BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(earlier + 20)) > found)
        {
            context.Report(ContainerRules.ZipCommentTrick, where, "an end record hides inside the comment of another; readers that check the comment length and readers that take the last signature open different archives");
        }
    }

    private static bool ReadZip64(Stream stream, long endOffset, out long start, out long entries, out long size, out long offset)
    {
        (start, entries, size, offset) = (0, 0, 0, 0);
        Span<byte> locator = stackalloc byte[LocatorSize];
        if (!StreamReads.TryReadAt(stream, endOffset - LocatorSize, locator) || !ZipSignatures.IsAt(locator, 0, ZipSignatures.Zip64Locator))
        {
            return false;
        }
        Span<byte> record = stackalloc byte[Zip64EndSize];
        var declared = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(locator[8..]), long.MaxValue);
        // The record normally sits right before the locator; the declared offset is wrong when data was prepended.
        foreach (var candidate in (ReadOnlySpan<long>)[endOffset - LocatorSize - Zip64EndSize, declared])
        {
            if (StreamReads.TryReadAt(stream, candidate, record) && ZipSignatures.IsAt(record, 0, ZipSignatures.Zip64End))
            {
                start = candidate;
                entries = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record[32..]), long.MaxValue);
                size = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record[40..]), long.MaxValue);
                offset = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record[48..]), long.MaxValue);
                return true;
            }
        }
        return false;
    }
}
