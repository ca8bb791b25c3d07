using System.Buffers.Binary;

namespace Bulwark.Scanning.Secrets.Content;

/// <summary>
/// Reads a zip's end-of-central-directory record, before System.IO.Compression loads the whole directory into
/// memory, so an archive that claims hundreds of thousands of members can be refused cheaply.
/// </summary>
internal static class ZipDirectoryProbe
{
    private const int RecordLength = 22;
    private const int MaxCommentLength = ushort.MaxValue;
    private const uint Signature = 0x06054b50;

    /// <summary>The member count and directory size the archive declares, or null when no record is found.</summary>
    public static (long Entries, long DirectoryBytes)? Read(Stream seekable)
    {
        var tail = (int)Math.Min(seekable.Length, RecordLength + MaxCommentLength);
        if (tail < RecordLength)
        {
            return null;
        }
        var buffer = new byte[tail];
        seekable.Seek(-tail, SeekOrigin.End);
        seekable.ReadExactly(buffer);
        seekable.Seek(0, SeekOrigin.Begin);
        for (var i = tail - RecordLength; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i)) == Signature)
            {
                // Values of 0xFFFF / 0xFFFFFFFF mean "see the zip64 record": treat them as the large numbers they stand for.
                return (BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(i + 10)), BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i + 12)));
            }
        }
        return null;
    }
}
