namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>Positioned reads on seekable streams that report a short read instead of throwing.</summary>
internal static class StreamReads
{
    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; false when the stream ends first or the offset is outside it.</summary>
    public static bool TryReadAt(Stream stream, long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > stream.Length - buffer.Length)
        {
            return false;
        }
        stream.Position = offset;
        return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;
    }

    /// <summary>Reads up to <paramref name="count"/> bytes from <paramref name="offset"/> (fewer at the end of the stream).</summary>
    public static byte[] ReadUpTo(Stream stream, long offset, int count)
    {
        if (offset < 0 || offset >= stream.Length)
        {
            return [];
        }
        var buffer = new byte[(int)Math.Min(count, stream.Length - offset)];
        stream.Position = offset;
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return read == buffer.Length ? buffer : buffer[..read];
    }
}
