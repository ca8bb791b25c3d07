using System.Buffers.Binary;
using System.Text.Json;
using Bulwark.Ml.ModelFiles.Containers;

namespace Bulwark.Ml.ModelFiles.Safetensors;

/// <summary>
/// safetensors: an 8-byte little-endian header length, a JSON header, then the data section. Only the header
/// is read (bounded by <see cref="ModelScanLimits.MaxMetadataBytes"/> and by the file), never the tensors.
/// </summary>
internal sealed class SafetensorsFormat : IModelFormat
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    public string Name => "safetensors";

    /// <summary>
    /// An 8-byte length, then a JSON object: '{', optional whitespace, then a key or '}' (a '{' alone at byte 8
    /// is too common in other binary files to claim them).
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> head, string name)
    {
        if (head.Length < 10 || head[8] != (byte)'{' || BinaryPrimitives.ReadUInt64LittleEndian(head) < 2)
        {
            return false;
        }
        var next = head[9..].TrimStart(" \t\r\n"u8);
        return next.IsEmpty || next[0] is (byte)'"' or (byte)'}';
    }

    public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        var where = content.Location;
        var declared = BinaryPrimitives.ReadUInt64LittleEndian(content.Head.Span);
        if (declared > (ulong)context.Limits.MaxMetadataBytes)
        {
            context.Report(SafetensorsRules.MalformedHeader, where, $"header length {declared} exceeds the {context.Limits.MaxMetadataBytes}-byte limit; the header was not read");
            return;
        }
        var length = (long)declared;
        if (content.Length >= 0 && length > content.Length - 8)
        {
            context.Report(SafetensorsRules.MalformedHeader, where, $"header length {length} runs past the end of the {content.Length}-byte file");
            return;
        }
        var buffer = new byte[8 + length];
        if (content.Stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) != buffer.Length)
        {
            context.Report(SafetensorsRules.MalformedHeader, where, "the file ends inside the header");
            return;
        }
        if (!System.Text.Unicode.Utf8.IsValid(buffer.AsSpan(8)))
        {
            context.Report(SafetensorsRules.MalformedHeader, where.At(8), "header is not valid UTF-8: loaders refuse it or decode it differently");
            return;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(8), JsonOptions);
        }
        catch (JsonException ex)
        {
            context.Report(SafetensorsRules.MalformedHeader, where.At(8),
                $"header is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}): loaders refuse it or parse it differently");
            return;
        }
        using (document)
        {
            var dataLength = content.Length >= 0 ? content.Length - 8 - length : -1;
            SafetensorsHeaderChecks.Check(document.RootElement, dataLength, where, context);
        }
    }
}
