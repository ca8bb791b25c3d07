namespace Bulwark.Ml.ModelFiles.Keras;

/// <summary>The HDF5 format signature and where it may sit: byte 0, or after a user block of 512·2ⁿ bytes.</summary>
internal static class Hdf5Signature
{
    public static ReadOnlySpan<byte> Bytes => [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    /// <summary>The offset of the superblock signature in a seekable stream, or -1.</summary>
    public static long Find(Stream stream)
    {
        Span<byte> probe = stackalloc byte[8];
        for (long offset = 0; offset + probe.Length <= stream.Length; offset = offset == 0 ? 512 : offset * 2)
        {
            stream.Position = offset;
            stream.ReadExactly(probe);
            if (probe.SequenceEqual(Bytes))
            {
                stream.Position = 0;
                return offset;
            }
        }
        stream.Position = 0;
        return -1;
    }
}
