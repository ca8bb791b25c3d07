using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Joblib;

/// <summary>
/// A compressed joblib file (joblib.dump with compress=…): the compression is recognized by its magic and the
/// decompressed stream, bounded by <see cref="ModelScanLimits.MaxMemberBytes"/>, goes back through format dispatch
/// (normally to the pickle format, whose analysis understands joblib's inline arrays).
/// </summary>
internal sealed class JoblibCompressedFormat : IModelFormat
{
    public string Name => "joblib-compressed";

    public bool Matches(ReadOnlySpan<byte> head, string name) => JoblibCompressions.Detect(head) != JoblibCompression.None;

    public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        var compression = JoblibCompressions.Detect(content.Head.Span);
        Stream? opened;
        try
        {
            opened = JoblibCompressions.Open(compression, content.Stream);
        }
        // SharpCompress's decoders read the first block eagerly and fail on corrupt data with assorted exception types.
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.Notice(NoticeLevel.Warning, content.Location, $"{Name}: bad {compression} header ({ex.Message})");
            return;
        }
        if (opened is null)
        {
            context.Notice(NoticeLevel.Warning, content.Location, $"{Name}: bad {compression} header");
            return;
        }
        using var bounded = new BoundedReadStream(opened, context.Limits.MaxMemberBytes);
        var inner = ModelContent.Create(content.Location.Child(InnerName(content.Name)), InnerName(content.Name), bounded, -1, content.Depth + 1);
        context.ScanNested(inner, cancellationToken);
        if (bounded.Exceeded)
        {
            context.Notice(NoticeLevel.Warning, content.Location, $"{Name}: decompresses to more than {context.Limits.MaxMemberBytes} bytes; analyzed up to that size");
        }
    }

    /// <summary>The member name shown for the decompressed content: the file name without its compression suffix.</summary>
    private static string InnerName(string name)
    {
        var file = Path.GetFileName(name);
        foreach (var suffix in (string[])[".gz", ".bz2", ".xz", ".lzma", ".z"])
        {
            if (file.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return file[..^suffix.Length];
            }
        }
        return $"{file}#decompressed";
    }
}
