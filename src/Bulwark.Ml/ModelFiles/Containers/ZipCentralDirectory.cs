using System.Buffers.Binary;
using System.Text;

namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>Parses central-directory entries (bounded by the member limit and the metadata size limit).</summary>
internal static class ZipCentralDirectory
{
    private const int HeaderSize = 46;
    private static readonly Encoding Latin1 = Encoding.Latin1;

    public static List<ZipEntry> Read(Stream stream, ZipDirectoryEnd end, ModelScanContext context, ModelLocation where)
    {
        var entries = new List<ZipEntry>();
        if (end.DirectorySize > context.Limits.MaxMetadataBytes)
        {
            context.Report(ContainerRules.ZipMalformed, where, $"the central directory is {end.DirectorySize} bytes, more than the {context.Limits.MaxMetadataBytes}-byte limit; members not scanned");
            return entries;
        }
        var directory = StreamReads.ReadUpTo(stream, end.DirectoryStart, (int)end.DirectorySize);
        var maxMembers = context.Limits.MaxArchiveMembers;
        var position = 0;
        while (position + HeaderSize <= directory.Length && ZipSignatures.IsAt(directory, position, ZipSignatures.CentralHeader))
        {
            if (entries.Count == maxMembers)
            {
                context.Report(ContainerRules.ZipTooManyMembers, where, $"more than {maxMembers} members; only the first {maxMembers} were scanned");
                return entries;
            }
            var header = directory.AsSpan(position);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            var next = position + HeaderSize + nameLength + extraLength + commentLength;
            if (next > directory.Length)
            {
                context.Report(ContainerRules.ZipMalformed, where.At(end.DirectoryStart + position), "a central-directory entry runs past the end of the directory");
                return entries;
            }
            entries.Add(Parse(header, nameLength, extraLength, entries.Count, end.Shift));
            position = next;
        }
        if (position != directory.Length || entries.Count != end.EntryCount)
        {
            context.Report(ContainerRules.ZipMalformed, where.At(end.DirectoryStart + position),
                $"the end record announces {end.EntryCount} entries in {end.DirectorySize} bytes, the directory holds {entries.Count} in {position}; readers that trust either see different members");
        }
        return entries;
    }

    private static ZipEntry Parse(ReadOnlySpan<byte> header, int nameLength, int extraLength, int index, long shift)
    {
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        var method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
        var rawName = header.Slice(HeaderSize, nameLength).ToArray();
        var zip64 = false;
        var extra = header.Slice(HeaderSize + nameLength, extraLength);
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            var data = extra[4..Math.Min(extra.Length, 4 + size)];
            if (id == 0x0001)
            {
                // Zip64: only the fields saturated in the fixed header are present, in this order.
                zip64 = true;
                ReadWide(ref data, ref uncompressed);
                ReadWide(ref data, ref compressed);
                ReadWide(ref data, ref offset);
            }
            extra = extra[Math.Min(extra.Length, 4 + size)..];
        }
        var name = (flags & 0x0800) != 0 ? Encoding.UTF8.GetString(rawName) : Latin1.GetString(rawName);
        return new ZipEntry(index, name, rawName, flags, method, crc, compressed, uncompressed, offset + shift, zip64);
    }

    private static void ReadWide(ref ReadOnlySpan<byte> data, ref long field)
    {
        if (field != 0xFFFFFFFF || data.Length < 8)
        {
            return;
        }
        field = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(data), long.MaxValue);
        data = data[8..];
    }
}
