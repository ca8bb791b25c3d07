namespace Bulwark.Scanning.Secrets.Content;

/// <summary>Reads the rest of a stream into memory, for content that must be parsed or seeked whole, up to a limit.</summary>
internal static class BoundedRead
{
    /// <summary>The sniffed head plus the rest of the stream, positioned at 0; null (nothing kept) past <paramref name="limit"/> bytes.</summary>
    public static MemoryStream? ReadAll(ReadOnlySpan<byte> head, Stream rest, long limit)
    {
        var buffer = new MemoryStream();
        buffer.Write(head);
        var block = new byte[81920];
        int read;
        while ((read = rest.Read(block)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                buffer.Dispose();
                return null;
            }
            buffer.Write(block, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }
}
