using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles;

/// <summary>
/// Picks the format of a piece of content from its first bytes and hands it over. Content no format claims is
/// left alone. Some formats are found at the end instead (a zip whose central directory closes the file can
/// carry anything in front, e.g. a pickle): for seekable content the optional tail probe gets the last word.
/// </summary>
internal sealed class ModelFormatSniffer(IReadOnlyList<IModelFormat> formats, ModelTailProbe? tail = null)
{
    /// <summary>Bytes read up front for sniffing.</summary>
    public const int HeadBytes = 512;

    public IReadOnlyList<IModelFormat> Formats => formats;

    public IModelFormat? Identify(ReadOnlySpan<byte> head, string name)
    {
        foreach (var format in formats)
        {
            if (format.Matches(head, name))
            {
                return format;
            }
        }
        return null;
    }

    public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        var format = Identify(content.Head.Span, content.Name);
        if (tail is not null && !ReferenceEquals(format, tail.Format) && content.Stream.CanSeek && tail.Matches(content.Stream))
        {
            format = tail.Format;
        }
        if (format is null)
        {
            return;
        }
        try
        {
            format.Scan(content, context, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or EndOfStreamException or NotSupportedException)
        {
            context.Notice(NoticeLevel.Warning, content.Location, $"{format.Name}: cannot be read to the end ({ex.Message})");
        }
    }

    /// <summary>Reads up to <see cref="HeadBytes"/> from a stream that is then rewound (seekable) or must be replayed (the caller keeps the bytes).</summary>
    public static byte[] ReadHead(Stream stream)
    {
        var buffer = new byte[HeadBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }
        return buffer[..total];
    }
}

/// <summary>A format recognised by how content ends, and the check that recognises it (it must restore the stream position).</summary>
internal sealed record ModelTailProbe(IModelFormat Format, Func<Stream, bool> Matches);
