namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>The little-endian record signatures of the zip format ("PK" + two bytes).</summary>
internal static class ZipSignatures
{
    public const uint LocalHeader = 0x04034B50;
    public const uint CentralHeader = 0x02014B50;
    public const uint EndOfDirectory = 0x06054B50;
    public const uint Zip64End = 0x06064B50;
    public const uint Zip64Locator = 0x07064B50;
    public const uint DataDescriptor = 0x08074B50;

    public static bool IsAt(ReadOnlySpan<byte> data, int offset, uint signature) =>
        offset >= 0 && offset <= data.Length - 4 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]) == signature;
}
