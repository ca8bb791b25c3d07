using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// Gives archive readers the random access they need: a seekable content stream is used in place (as a window
/// starting at its current position); a forward-only one (a deflated member) is buffered in memory when it fits
/// <see cref="ModelScanLimits.MaxMetadataBytes"/>, and refused with a notice otherwise.
/// </summary>
internal static class SeekableSource
{
    public static Stream? Open(ModelContent content, ModelScanContext context, string format)
    {
        var stream = content.Stream;
        if (stream.CanSeek)
        {
            var start = stream.Position;
            var length = content.Length >= 0 ? Math.Min(content.Length, stream.Length - start) : stream.Length - start;
            return new WindowStream(stream, start, Math.Max(0, length));
        }
        var limit = context.Limits.MaxMetadataBytes;
        if (content.Length > limit)
        {
            context.Notice(NoticeLevel.Warning, content.Location, $"{format}: compressed nested archive of {content.Length} bytes is larger than {limit} bytes; not opened");
            return null;
        }
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                context.Notice(NoticeLevel.Warning, content.Location, $"{format}: compressed nested archive is larger than {limit} bytes; not opened");
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }
}
