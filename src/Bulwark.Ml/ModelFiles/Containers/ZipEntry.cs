namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>One central-directory entry, with sizes and offset resolved from the Zip64 extra field and the offset shifted by prepended data.</summary>
internal sealed record ZipEntry(
    int Index,
    string Name,
    byte[] RawName,
    ushort Flags,
    ushort Method,
    uint Crc,
    long CompressedSize,
    long UncompressedSize,
    long LocalHeaderOffset,
    bool Zip64)
{
    public bool Encrypted => (Flags & 0x0001) != 0 || (Flags & 0x0040) != 0 || (Flags & 0x2000) != 0;

    public bool HasDataDescriptor => (Flags & 0x0008) != 0;

    public bool IsDirectory => Name.EndsWith('/') && UncompressedSize == 0;
}

/// <summary>A central-directory entry with what its local header says: where its data starts and where its bytes (descriptor included) end.</summary>
internal sealed record ZipMember(ZipEntry Entry, long DataStart, long End);
