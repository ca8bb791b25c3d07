using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Keras;

/// <summary>Reads a JSON config into a document within the metadata byte limit and depth 64; bad JSON becomes a notice.</summary>
internal static class KerasJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>Reads at most <see cref="ModelScanLimits.MaxMetadataBytes"/> bytes; null (with a notice) when there are more.</summary>
    public static byte[]? ReadBounded(Stream stream, ModelScanContext context, ModelLocation where, string format)
    {
        var limit = context.Limits.MaxMetadataBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                context.Notice(NoticeLevel.Warning, where, $"{format}: larger than {limit} bytes; not analyzed");
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Parses UTF-8 JSON; on failure (bad syntax, depth over 64, invalid UTF-8) reports the 1-based line and column and returns null.</summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> json, ModelScanContext context, ModelLocation where, string format)
    {
        // JsonDocument does not validate UTF-8 inside strings until they are read; check it all up front.
        if (InvalidUtf8At(json.Span) is var bad and >= 0)
        {
            var line = json.Span[..bad].Count((byte)'\n');
            var column = bad - (json.Span[..bad].LastIndexOf((byte)'\n') + 1);
            context.Notice(NoticeLevel.Warning, where, $"{format}: invalid UTF-8 at line {line + 1}, column {column + 1}");
            return null;
        }
        try
        {
            return JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            context.Notice(NoticeLevel.Warning, where, $"{format}: invalid JSON at line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}");
            return null;
        }
    }

    private static int InvalidUtf8At(ReadOnlySpan<byte> bytes)
    {
        Span<char> scratch = stackalloc char[1024];
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = Utf8.ToUtf16(bytes[offset..], scratch, out var read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status == OperationStatus.InvalidData || (status == OperationStatus.NeedMoreData && read == 0))
            {
                return offset;
            }
            if (status == OperationStatus.Done)
            {
                return -1;
            }
        }
        return -1;
    }
}
