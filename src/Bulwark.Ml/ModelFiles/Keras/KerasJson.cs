using System.Text.Json;
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

    /// <summary>Parses UTF-8 JSON; on failure reports the 1-based line and column and returns null.</summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> json, ModelScanContext context, ModelLocation where, string format)
    {
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
}
