namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// Zip archives (PyTorch checkpoints and TorchScript archives, NumPy .npz, Keras, anything zipped), read with
/// our own parser rather than ZipArchive: the differences between zipfile, miniz and streaming readers are
/// the attack surface, so every disagreement is reported and every member is sniffed and scanned.
/// </summary>
/// <remarks>
/// A zip with prepended data (a pickle in front of a zip) has no "PK" at offset 0, so <see cref="Matches"/>
/// cannot claim it; callers holding a seekable file ask <see cref="ZipTailProbe.EndsWithZip"/> and, when it
/// says yes, scan with this format, which scans the prepended bytes itself through nested dispatch.
/// </remarks>
internal sealed class ZipFormat : IModelFormat
{
    public static ZipFormat Instance { get; } = new();

    public string Name => "zip";

    public bool Matches(ReadOnlySpan<byte> head, string name) =>
        ZipSignatures.IsAt(head, 0, ZipSignatures.LocalHeader) || ZipSignatures.IsAt(head, 0, ZipSignatures.EndOfDirectory);

    public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        if (SeekableSource.Open(content, context, Name) is not { } stream)
        {
            return;
        }
        var where = content.Location;
        if (ZipEndLocator.Find(stream, context, where) is not { } end)
        {
            return;
        }
        var entries = ZipCentralDirectory.Read(stream, end, context, where);
        ZipLayoutChecks.CheckNames(entries, context, where);
        var members = ZipLocalHeaders.Resolve(stream, entries, context, where);
        var prefix = ZipLayoutChecks.CheckLayout(stream, members, end, context, where);
        if (prefix > 0)
        {
            ScanPrefix(stream, prefix, content, context, cancellationToken);
        }
        ZipMemberScanner.ScanAll(stream, members, content, context, cancellationToken);
    }

    private static void ScanPrefix(Stream stream, long prefix, ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        var head = StreamReads.ReadUpTo(stream, 0, 2);
        var pickle = head.Length == 2 && head[0] == 0x80 && head[1] <= 5;
        context.Report(ContainerRules.ZipPrependedData, content.Location.At(0),
            pickle
                ? $"a pickle ({prefix} bytes) precedes the zip: zip readers and scanners skip it, torch.load unpickles it"
                : $"{prefix} bytes precede the first member; zip readers skip them, loaders that read from the start do not",
            pickle ? null : Bulwark.Core.Findings.Severity.Medium,
            ("bytes", prefix.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        const string name = "(prepended data)";
        context.ScanNested(ModelContent.Create(content.Location.Child(name), name, new WindowStream(stream, 0, prefix), prefix, content.Depth + 1), cancellationToken);
    }
}
