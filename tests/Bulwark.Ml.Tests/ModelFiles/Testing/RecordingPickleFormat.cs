using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;

namespace Bulwark.Ml.Tests.ModelFiles.Testing;

/// <summary>
/// Stands in for the pickle analysis: claims content starting with a protocol-2+ PROTO opcode, reads it to the
/// end (as the real analysis does), records what it saw, and reports content containing "EVIL".
/// </summary>
internal sealed class RecordingPickleFormat : IModelFormat
{
    public static readonly RuleDescriptor Evil = new("test-evil", "evil", "evil", Severity.Critical, "none");

    public List<(ModelLocation Location, byte[] Bytes)> Seen { get; } = [];

    public string Name => "pickle";

    public bool Matches(ReadOnlySpan<byte> head, string name) => head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5;

    public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        content.Stream.CopyTo(copy);
        var bytes = copy.ToArray();
        Seen.Add((content.Location, bytes));
        if (bytes.AsSpan().IndexOf("EVIL"u8) >= 0)
        {
            context.Report(new ModelIssue(Evil, Severity.Critical, content.Location, "evil pickle"));
        }
    }
}
