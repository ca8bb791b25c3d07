using Bulwark.Core.Findings;
using Google.Protobuf;

namespace Bulwark.Ml.ModelFiles.TensorFlow;

/// <summary>
/// TensorFlow <c>saved_model.pb</c> (SavedModel) and frozen <c>*.pb</c> graphs (GraphDef). Protobuf has no magic,
/// so the name must end in <c>.pb</c> and the head must parse as protobuf fields. The <c>variables/</c> and
/// <c>assets/</c> beside a SavedModel are data and are not this format's concern.
/// </summary>
internal sealed class TensorFlowFormat : IModelFormat
{
    /// <summary>A SavedModel opens with saved_model_schema_version (field 1, varint); a GraphDef with node (field 1, bytes).</summary>
    private const int SchemaVersionTag = 0x08;

    public string Name => "tensorflow";

    public bool Matches(ReadOnlySpan<byte> head, string name) =>
        FileNames.HasExtension(name, ".pb") && !FileNames.Is(name, "keras_metadata.pb") && ProtoWire.LooksLikeMessage(head, -1);

    public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        var kind = FileNames.Is(content.Name, "saved_model.pb") || ProtoWire.FirstTag(content.Head.Span) == SchemaVersionTag
            ? TfGraphVisitor.Kind.SavedModel
            : TfGraphVisitor.Kind.Graph;
        var scan = new TfGraphScan(content, context, cancellationToken);
        using var input = new CodedInputStream(content.Stream, leaveOpen: true);
        try
        {
            new TfGraphVisitor(scan, kind).MergeFrom(input);
        }
        catch (InvalidProtocolBufferException ex)
        {
            context.Notice(NoticeLevel.Warning, content.Location.At(input.Position), $"{Name}: not valid protobuf after {scan.Nodes} nodes ({ex.Message})");
        }
        catch (ScanExpiredException)
        {
            context.Notice(NoticeLevel.Warning, content.Location.At(input.Position), $"{Name}: time budget spent after {scan.Nodes} nodes; the rest was not analyzed");
        }
        scan.Finish();
    }
}
