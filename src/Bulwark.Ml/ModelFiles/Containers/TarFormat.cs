using System.Globalization;
using System.Text;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// Tar archives (v7, ustar, GNU, pax), in particular the oldest torch.save format (members sys_info, pickle,
/// storages, tensors). Members are windows over the archive handed to nested dispatch. In torch's
/// <c>storages</c> and <c>tensors</c> members pickles alternate with raw tensor bytes, so only their leading
/// run of pickles is scanned (later storage records are not).
/// </summary>
internal sealed class TarFormat : IModelFormat
{
    private const int MaxExtendedHeaderBytes = 1 << 20;
    private const int MaxLeadingPickles = 3;

    public string Name => "tar";

    public bool Matches(ReadOnlySpan<byte> head, string name)
    {
        if (head.Length < TarHeader.BlockSize)
        {
            return false;
        }
        var header = new TarHeader(head[..TarHeader.BlockSize]);
        return !header.IsZeroBlock && header.ChecksumValid && (header.IsUstar || head[0] != 0);
    }

    public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        if (SeekableSource.Open(content, context, Name) is not { } stream)
        {
            return;
        }
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var block = new byte[TarHeader.BlockSize];
        long position = 0;
        string? longName = null;
        long? paxSize = null;
        while (StreamReads.TryReadAt(stream, position, block))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var header = new TarHeader(block);
            var at = content.Location.At(position);
            if (header.IsZeroBlock || context.Expired)
            {
                return;
            }
            if (!header.ChecksumValid)
            {
                context.Report(ContainerRules.TarChecksum, at, "header checksum is wrong; Python's tarfile stops here while other tar readers go on, so later members are seen by some readers only");
                return;
            }
            var size = paxSize ?? header.Size;
            var dataStart = position + TarHeader.BlockSize;
            if (size < 0 || size > stream.Length - dataStart)
            {
                context.Report(ContainerRules.TarMalformed, at, "member size is unreadable or runs past the end of the archive");
                return;
            }
            var name = longName ?? header.Name;
            (longName, paxSize) = (null, null);
            switch (header.Type)
            {
                case 'L' or 'x':
                    if (size > MaxExtendedHeaderBytes)
                    {
                        context.Report(ContainerRules.TarMalformed, at, $"extended header of {size} bytes exceeds {MaxExtendedHeaderBytes} bytes");
                        return;
                    }
                    var extended = StreamReads.ReadUpTo(stream, dataStart, (int)size);
                    if (header.Type == 'L')
                    {
                        longName = Encoding.UTF8.GetString(extended).TrimEnd('\0');
                    }
                    else
                    {
                        (longName, paxSize) = PaxRecords(extended);
                    }
                    break;
                case '0' or '\0' or '7':
                    if (!Member(names, name, content.Location, context))
                    {
                        return;
                    }
                    ScanMember(stream, dataStart, size, name, content, context, cancellationToken);
                    break;
                case '1' or '2' or '3' or '4' or '6':
                    Member(names, name, content.Location, context);
                    context.Report(ContainerRules.TarSpecialEntry, content.Location.Child(name),
                        header.Type is '1' or '2' ? $"link to '{MemberNames.Printable(header.LinkName)}'; extraction follows it outside the archive" : "device or FIFO entry; checkpoints hold regular files only");
                    break;
                default:
                    break;
            }
            position = dataStart + ((size + TarHeader.BlockSize - 1) / TarHeader.BlockSize * TarHeader.BlockSize);
        }
    }

    /// <summary>Records a member name, reporting duplicates and unsafe names; false once past the member limit.</summary>
    private static bool Member(Dictionary<string, string> names, string name, ModelLocation archive, ModelScanContext context)
    {
        var at = archive.Child(name);
        if (names.Count == context.Limits.MaxArchiveMembers)
        {
            context.Report(ContainerRules.ZipTooManyMembers, archive, $"more than {names.Count} members; only the first were scanned");
            return false;
        }
        if (!names.TryAdd(name, name))
        {
            context.Report(ContainerRules.TarDuplicateName, at, $"'{MemberNames.Printable(name)}' appears more than once (up to case); extraction keeps the last copy, a scanner may look at the first");
        }
        if (MemberNames.Unsafe(name) is { } why)
        {
            context.Report(ContainerRules.ZipPathTraversal, at, $"member name has {why}; extracting it can write outside the target folder");
        }
        return true;
    }

    private static void ScanMember(Stream stream, long start, long size, string name, ModelContent archive, ModelScanContext context, CancellationToken cancellationToken)
    {
        if (name is "storages" or "tensors")
        {
            var end = start;
            for (var i = 0; i < MaxLeadingPickles; i++)
            {
                var next = PickleExtent.Measure(stream, end, start + size - end, context.Limits.MaxPickleOpcodes);
                if (next < 0)
                {
                    break;
                }
                end = next;
            }
            if (end == start)
            {
                context.Notice(NoticeLevel.Info, archive.Location.Child(name), "tar: torch storage member does not start with a pickle; not scanned");
                return;
            }
            size = end - start;
        }
        context.ScanNested(ModelContent.Create(archive.Location.Child(name), name, new WindowStream(stream, start, size), size, archive.Depth + 1), cancellationToken);
    }

    /// <summary>The path and size overrides of a pax extended header ("LEN key=value\n" records).</summary>
    private static (string? Path, long? Size) PaxRecords(byte[] data)
    {
        string? path = null;
        long? size = null;
        foreach (var record in Encoding.UTF8.GetString(data).Split('\n'))
        {
            var space = record.IndexOf(' ', StringComparison.Ordinal);
            var equals = record.IndexOf('=', StringComparison.Ordinal);
            if (space < 0 || equals < space)
            {
                continue;
            }
            var key = record[(space + 1)..equals];
            var value = record[(equals + 1)..];
            if (key == "path")
            {
                path = value;
            }
            else if (key == "size" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                size = parsed;
            }
        }
        return (path, size);
    }
}
