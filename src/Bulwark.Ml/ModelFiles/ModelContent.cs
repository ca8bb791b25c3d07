namespace Bulwark.Ml.ModelFiles;

/// <summary>
/// A file or archive member to analyze. <see cref="Stream"/> is positioned at the start of the content and
/// may be non-seekable (a decompressing member); analyzers that need random access buffer what they need, within
/// <see cref="ModelScanLimits"/>. <see cref="Length"/> is -1 when unknown. <see cref="Depth"/> counts the
/// archives around it (0 for a file on disk). <see cref="Head"/> holds the first bytes (up to
/// <see cref="ModelFormatSniffer.HeadBytes"/>), already read, so formats can decide without touching the stream.
/// </summary>
internal sealed record ModelContent(ModelLocation Location, string Name, Stream Stream, long Length, int Depth, ReadOnlyMemory<byte> Head)
{
    /// <summary>A file on disk, when the content is one (formats like SavedModel or ONNX look at its neighbours).</summary>
    public string? DiskPath { get; init; }

    /// <summary>
    /// Wraps a stream as content: reads the head, then rewinds (seekable) or replays the head in front of the
    /// rest (non-seekable), so <see cref="Stream"/> always starts at the first byte.
    /// </summary>
    public static ModelContent Create(ModelLocation location, string name, Stream stream, long length, int depth)
    {
        if (stream.CanSeek)
        {
            var start = stream.Position;
            var head = ModelFormatSniffer.ReadHead(stream);
            stream.Position = start;
            return new ModelContent(location, name, stream, length, depth, head);
        }
        var prefix = ModelFormatSniffer.ReadHead(stream);
        return new ModelContent(location, name, new HeadReplayStream(prefix, stream), length, depth, prefix);
    }
}
