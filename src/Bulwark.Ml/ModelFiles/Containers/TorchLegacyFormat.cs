namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// The legacy PyTorch checkpoint (torch.save before 1.6, or with _use_new_zipfile_serialization=False): five
/// stacked pickles (magic number, protocol version, sys_info, the object, the sorted storage keys) followed by
/// raw storage bytes. torch.load unpickles all five, so the last four go to nested dispatch one by one; the
/// storages after them are never parsed as pickle. The magic-number pickle is recognised byte for byte by
/// <see cref="Matches"/>, so there is nothing in it to scan.
/// </summary>
internal sealed class TorchLegacyFormat : IModelFormat
{
    private static readonly string[] Roles = ["protocol", "sys_info", "data", "storage_keys"];

    /// <summary>The legacy magic number 0x1950a86a20f9469cfc6c as LONG1's little-endian payload.</summary>
    private static ReadOnlySpan<byte> Magic => [0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, (byte)'.'];

    public string Name => "pytorch-legacy";

    public bool Matches(ReadOnlySpan<byte> head, string name) => MagicLength(head) > 0;

    public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        if (SeekableSource.Open(content, context, Name) is not { } stream)
        {
            return;
        }
        long position = MagicLength(content.Head.Span);
        foreach (var role in Roles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = PickleExtent.Measure(stream, position, context.Limits.MaxPickleBytes, context.Limits.MaxPickleOpcodes);
            if (end < 0)
            {
                context.Report(ContainerRules.TorchLegacyMalformed, content.Location.At(position),
                    $"the {role} pickle of the legacy checkpoint could not be delimited; the rest of the file is scanned as one pickle stream");
                end = Math.Min(stream.Length, position + context.Limits.MaxPickleBytes);
                ScanPiece(stream, position, end, $"legacy/{role}-onwards", content, context, cancellationToken);
                return;
            }
            ScanPiece(stream, position, end, $"legacy/{role}", content, context, cancellationToken);
            position = end;
        }
    }

    private static void ScanPiece(Stream stream, long start, long end, string name, ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        if (end > start)
        {
            context.ScanNested(ModelContent.Create(content.Location.Child(name), name, new WindowStream(stream, start, end - start), end - start, content.Depth + 1), cancellationToken);
        }
    }

    /// <summary>Length of the magic-number pickle at the start (PROTO, optional FRAME, LONG1 magic, STOP), or 0.</summary>
    private static int MagicLength(ReadOnlySpan<byte> head)
    {
        if (head.Length < 2 || head[0] != 0x80 || head[1] is < 2 or > 5)
        {
            return 0;
        }
        var at = head.Length > 2 && head[2] == 0x95 ? 11 : 2;
        return head.Length >= at + Magic.Length && head.Slice(at, Magic.Length).SequenceEqual(Magic) ? at + Magic.Length : 0;
    }
}
