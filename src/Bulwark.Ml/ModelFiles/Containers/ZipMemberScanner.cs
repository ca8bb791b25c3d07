using System.Globalization;
using System.IO.Compression;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// Hands every member to nested dispatch: stored members as windows over the file (a tensor is never read past
/// its sniffed head), deflated ones through a bounded decompressor. The CRC is checked for members that were
/// read to the end (pickles, small files), never forced on tensor data.
/// </summary>
internal static class ZipMemberScanner
{
    private const long CrcCompletionBytes = 64 * 1024;
    private const long BombRatio = 100;
    private const long BombMinimumBytes = 100L << 20;

    public static void ScanAll(Stream stream, List<ZipMember> members, ModelContent archive, ModelScanContext context, CancellationToken cancellationToken)
    {
        var code = new List<ZipMember>();
        foreach (var member in members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (context.Expired)
            {
                context.Notice(NoticeLevel.Warning, archive.Location, "zip: time limit reached; remaining members not scanned");
                return;
            }
            var entry = member.Entry;
            if (entry.IsDirectory || entry.Encrypted)
            {
                continue;
            }
            if (entry.Method is not (0 or 8))
            {
                context.Report(ContainerRules.ZipUnsupportedMethod, archive.Location.Child(entry.Name), $"compression method {entry.Method} is not scanned; torch and numpy never write it");
                continue;
            }
            ScanMember(stream, member, archive, context, cancellationToken);
            if (TorchScriptCode.IsCodeMember(entry.Name))
            {
                code.Add(member);
            }
        }
        TorchScriptCode.Check(stream, code, archive.Location, context);
    }

    /// <summary>Opens a member's uncompressed bytes (bounded by <paramref name="length"/>).</summary>
    public static Stream Open(Stream stream, ZipMember member) => member.Entry.Method == 0
        ? new WindowStream(stream, member.DataStart, member.Entry.CompressedSize)
        : new DeflateStream(new WindowStream(stream, member.DataStart, member.Entry.CompressedSize), CompressionMode.Decompress);

    private static void ScanMember(Stream stream, ZipMember member, ModelContent archive, ModelScanContext context, CancellationToken cancellationToken)
    {
        var entry = member.Entry;
        var where = archive.Location.Child(entry.Name);
        var length = LengthWithinLimits(entry, where, context);
        using var inner = Open(stream, member);
        var content = new MemberStream(inner, length);
        try
        {
            var nested = ModelContent.Create(where, entry.Name, content, length, archive.Depth + 1);
            if (ZipFormat.Instance.Matches(nested.Head.Span, entry.Name))
            {
                context.Report(ContainerRules.ZipNestedArchive, where, "member is a zip archive; scanned as nested content");
                context.ScanNested(nested, cancellationToken);
            }
            else if (entry.Method == 0 && LooksLikePickle(nested.Head.Span) && nested.Depth <= context.Limits.MaxArchiveDepth && ZipTailProbe.EndsWithZip(content))
            {
                // A member that is a pickle in front of a zip: the zip reading scans the prepended part too. Only
                // pickle-looking members are probed, so tensors do not cost a tail read each.
                ZipFormat.Instance.Scan(nested, context, cancellationToken);
            }
            else
            {
                context.ScanNested(nested, cancellationToken);
            }
            content.CompleteIfSmall(CrcCompletionBytes);
        }
        catch (InvalidDataException ex)
        {
            context.Report(ContainerRules.ZipMalformed, where, $"member cannot be decompressed ({ex.Message}); loaders may recover differently");
            return;
        }
        if (content.Complete && content.Crc != entry.Crc)
        {
            context.Report(ContainerRules.ZipCrcMismatch, where, $"content CRC is {content.Crc:x8}, the directory says {entry.Crc:x8}; strict readers refuse the member, lenient ones load it",
                properties: ("crc", content.Crc.ToString("x8", CultureInfo.InvariantCulture)));
        }
        if (content.Overflowed)
        {
            context.Report(ContainerRules.ZipSizeMismatch, where, $"member inflates to more than its declared {length} bytes; the rest was not scanned");
        }
    }

    private static bool LooksLikePickle(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x80 && head[1] <= 5;

    private static long LengthWithinLimits(ZipEntry entry, ModelLocation where, ModelScanContext context)
    {
        var declared = entry.Method == 0 ? entry.CompressedSize : entry.UncompressedSize;
        if (entry.Method == 0 && entry.CompressedSize != entry.UncompressedSize)
        {
            context.Report(ContainerRules.ZipSizeMismatch, where, $"stored member declares {entry.CompressedSize} bytes stored but {entry.UncompressedSize} uncompressed");
        }
        var limit = context.Limits.MaxMemberBytes;
        if (entry.Method == 8 && declared > limit)
        {
            context.Report(ContainerRules.ZipBomb, where, $"member declares {declared} bytes uncompressed, more than the {limit}-byte limit; scanned up to the limit");
            return limit;
        }
        if (entry.Method == 8 && declared >= BombMinimumBytes && declared / Math.Max(1, entry.CompressedSize) > BombRatio)
        {
            context.Report(ContainerRules.ZipBomb, where, $"member expands {declared / Math.Max(1, entry.CompressedSize)}:1 to {declared} bytes; readers that inflate it exhaust memory");
        }
        return declared;
    }
}
