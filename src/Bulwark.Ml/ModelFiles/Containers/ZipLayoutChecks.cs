using System.Globalization;

namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// Checks across members: duplicate and unsafe names, encryption and odd flags, members overlapping each other or
/// the central directory, and bytes no entry accounts for (before the first member, between members).
/// </summary>
internal static class ZipLayoutChecks
{
    // Deflate options (1, 2), data descriptor (3), UTF-8 names (11); encryption bits (0, 6, 13) are reported separately.
    private const ushort KnownFlags = 0x0001 | 0x0002 | 0x0004 | 0x0008 | 0x0040 | 0x0800 | 0x2000;

    public static void CheckNames(IReadOnlyList<ZipEntry> entries, ModelScanContext context, ModelLocation where)
    {
        var seen = new Dictionary<string, string>(entries.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var at = where.Child(entry.Name);
            if (seen.TryGetValue(entry.Name, out var first))
            {
                var how = string.Equals(first, entry.Name, StringComparison.Ordinal) ? "twice" : $"again up to case ('{MemberNames.Printable(first)}')";
                context.Report(ContainerRules.ZipDuplicateName, at, $"'{MemberNames.Printable(entry.Name)}' appears {how}; readers pick different copies, so the one scanned may not be the one loaded");
            }
            else
            {
                seen.Add(entry.Name, entry.Name);
            }
            if (MemberNames.Unsafe(entry.Name) is { } why)
            {
                context.Report(ContainerRules.ZipPathTraversal, at, $"member name has {why}; extracting it can write outside the target folder");
            }
            if (entry.Encrypted)
            {
                context.Report(ContainerRules.ZipEncrypted, at, "member is encrypted and cannot be scanned");
            }
            var unusual = entry.Flags & ~KnownFlags;
            if (unusual != 0)
            {
                context.Report(ContainerRules.ZipUnusualFlags, at, $"member sets flag bits 0x{unusual:x4} that standard writers never set",
                    properties: ("flags", entry.Flags.ToString("x4", CultureInfo.InvariantCulture)));
            }
        }
    }

    /// <summary>Reports overlaps and unaccounted bytes; returns the length of the data before the first member (or the directory).</summary>
    public static long CheckLayout(Stream stream, List<ZipMember> members, ZipDirectoryEnd end, ModelScanContext context, ModelLocation where)
    {
        var ordered = members.ToArray();
        Array.Sort(ordered, static (a, b) => a.Entry.LocalHeaderOffset.CompareTo(b.Entry.LocalHeaderOffset));
        var prefix = ordered.Length > 0 ? Math.Min(ordered[0].Entry.LocalHeaderOffset, end.DirectoryStart) : end.DirectoryStart;
        var cursor = prefix;
        ZipMember? previous = null;
        foreach (var member in ordered)
        {
            var start = member.Entry.LocalHeaderOffset;
            var at = where.Child(member.Entry.Name).At(start);
            if (previous is not null && start < cursor)
            {
                context.Report(ContainerRules.ZipOverlap, at, $"member shares bytes with '{MemberNames.Printable(previous.Entry.Name)}'; overlapping members show different content to different readers (and make zip bombs)",
                    properties: ("other", MemberNames.Printable(previous.Entry.Name)));
            }
            else if (start > cursor)
            {
                ReportGap(stream, cursor, start, context, where);
            }
            if (member.End > end.DirectoryStart)
            {
                context.Report(ContainerRules.ZipOverlap, at, "member runs into the central directory; its data and the directory share bytes");
            }
            if (member.End > cursor)
            {
                cursor = member.End;
                previous = member;
            }
        }
        if (cursor < end.DirectoryStart)
        {
            ReportGap(stream, cursor, end.DirectoryStart, context, where);
        }
        return prefix;
    }

    private static void ReportGap(Stream stream, long from, long to, ModelScanContext context, ModelLocation where)
    {
        var head = StreamReads.ReadUpTo(stream, from, 4);
        var hidden = ZipSignatures.IsAt(head, 0, ZipSignatures.LocalHeader);
        context.Report(ContainerRules.ZipUnlistedData, where.At(from),
            hidden ? $"a local header that the central directory does not list ({to - from} bytes): a hidden member" : $"{to - from} bytes between members that no entry accounts for",
            hidden ? Bulwark.Core.Findings.Severity.High : null,
            ("bytes", (to - from).ToString(CultureInfo.InvariantCulture)));
    }
}
