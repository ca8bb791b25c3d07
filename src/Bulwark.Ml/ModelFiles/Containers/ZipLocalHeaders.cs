using System.Buffers.Binary;
using System.Globalization;

namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// Reads each member's local header and data descriptor and compares them with the central directory: the
/// name, the method, the sizes and the CRC must agree, or readers that trust different records (zipfile uses
/// the directory and checks the local name; streaming readers use only the local headers) read different data.
/// </summary>
internal static class ZipLocalHeaders
{
    private const int HeaderSize = 30;

    public static List<ZipMember> Resolve(Stream stream, IReadOnlyList<ZipEntry> entries, ModelScanContext context, ModelLocation where)
    {
        var members = new List<ZipMember>(entries.Count);
        Span<byte> header = stackalloc byte[HeaderSize];
        foreach (var entry in entries)
        {
            var at = where.Child(entry.Name).At(entry.LocalHeaderOffset);
            if (!StreamReads.TryReadAt(stream, entry.LocalHeaderOffset, header) || !ZipSignatures.IsAt(header, 0, ZipSignatures.LocalHeader))
            {
                context.Report(ContainerRules.ZipMalformed, at, "the central directory points at no local header; the member cannot be read");
                continue;
            }
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            var localName = StreamReads.ReadUpTo(stream, entry.LocalHeaderOffset + HeaderSize, nameLength);
            if (!localName.AsSpan().SequenceEqual(entry.RawName))
            {
                context.Report(ContainerRules.ZipHeaderMismatch, at,
                    $"the local header names '{MemberNames.Printable(System.Text.Encoding.Latin1.GetString(localName))}', the central directory '{MemberNames.Printable(entry.Name)}': scanners and loaders may disagree on which file this is",
                    properties: ("local-name", MemberNames.Printable(System.Text.Encoding.Latin1.GetString(localName))));
            }
            var localMethod = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
            if (localMethod != entry.Method)
            {
                context.Report(ContainerRules.ZipHeaderMismatch, at, $"the local header says compression method {localMethod}, the central directory {entry.Method}: readers decode the bytes differently");
            }
            var dataStart = entry.LocalHeaderOffset + HeaderSize + nameLength + extraLength;
            var dataEnd = dataStart + entry.CompressedSize;
            if (dataEnd < dataStart || dataEnd > stream.Length)
            {
                context.Report(ContainerRules.ZipMalformed, at, "the member's data runs past the end of the file");
                continue;
            }
            var localFlags = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
            var end = (localFlags & 0x0008) != 0 || entry.HasDataDescriptor
                ? CheckDescriptor(stream, entry, dataEnd, context, at)
                : CheckLocalSizes(header, entry, dataEnd, context, at);
            members.Add(new ZipMember(entry, dataStart, end));
        }
        return members;
    }

    private static long CheckLocalSizes(ReadOnlySpan<byte> header, ZipEntry entry, long dataEnd, ModelScanContext context, ModelLocation at)
    {
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[14..]);
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[18..]);
        long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[22..]);
        var saturated = compressed == 0xFFFFFFFF || uncompressed == 0xFFFFFFFF;
        if (crc != entry.Crc || (!saturated && (compressed != entry.CompressedSize || uncompressed != entry.UncompressedSize)))
        {
            context.Report(ContainerRules.ZipSizeMismatch, at,
                $"the local header says {compressed}/{uncompressed} bytes (CRC {crc:x8}), the central directory {entry.CompressedSize}/{entry.UncompressedSize} (CRC {entry.Crc:x8})");
        }
        return dataEnd;
    }

    private static long CheckDescriptor(Stream stream, ZipEntry entry, long dataEnd, ModelScanContext context, ModelLocation at)
    {
        Span<byte> descriptor = stackalloc byte[24];
        var read = StreamReads.ReadUpTo(stream, dataEnd, descriptor.Length);
        read.CopyTo(descriptor);
        var skip = ZipSignatures.IsAt(read, 0, ZipSignatures.DataDescriptor) ? 4 : 0;
        var body = descriptor[skip..];
        if (read.Length < skip + 12)
        {
            context.Report(ContainerRules.ZipMalformed, at, "the data descriptor is missing at the end of the file");
            return dataEnd;
        }
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(body);
        // Zip64 descriptors carry 8-byte sizes; accept whichever width matches, report when neither does.
        var narrowMatch = read.Length >= skip + 12 && BinaryPrimitives.ReadUInt32LittleEndian(body[4..]) == entry.CompressedSize && BinaryPrimitives.ReadUInt32LittleEndian(body[8..]) == entry.UncompressedSize;
        var wideMatch = read.Length >= skip + 20 && (long)BinaryPrimitives.ReadUInt64LittleEndian(body[4..]) == entry.CompressedSize && (long)BinaryPrimitives.ReadUInt64LittleEndian(body[12..]) == entry.UncompressedSize;
        if (crc != entry.Crc || !(narrowMatch || wideMatch))
        {
            context.Report(ContainerRules.ZipSizeMismatch, at,
                $"the data descriptor (CRC {crc:x8}) disagrees with the central directory ({entry.CompressedSize}/{entry.UncompressedSize} bytes, CRC {entry.Crc:x8}); streaming readers trust the descriptor",
                properties: ("descriptor-crc", crc.ToString("x8", CultureInfo.InvariantCulture)));
        }
        return dataEnd + skip + (wideMatch && !narrowMatch ? 20 : 12);
    }
}
