using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.TensorFlow;
using Google.Protobuf;

namespace Bulwark.Ml.ModelFiles.Onnx;

/// <summary>
/// ONNX ModelProto files. Protobuf has no magic: a <c>.onnx</c> name plus a head that parses as protobuf, or,
/// for other names, the shape every exporter writes: ir_version (field 1, a small varint) followed by
/// producer_name, domain, model_version, doc_string, graph or opset_import. A SavedModel opens the same way
/// (schema version, then meta_graphs as field 2), so <c>.pb</c> names are left to the TensorFlow format.
/// </summary>
internal sealed class OnnxFormat : IModelFormat
{
    private const int IrVersionTag = 0x08;
    private const int MaxIrVersion = 32;

    public string Name => "onnx";

    public bool Matches(ReadOnlySpan<byte> head, string name)
    {
        if (FileNames.HasExtension(name, ".onnx"))
        {
            return ProtoWire.LooksLikeMessage(head, -1);
        }
        return head.Length > 3
            && !FileNames.HasExtension(name, ".pb")
            && head[0] == IrVersionTag && head[1] is > 0 and <= MaxIrVersion
            && head[2] is 0x12 or 0x1A or 0x22 or 0x28 or 0x32 or 0x3A or 0x42
            && ProtoWire.LooksLikeMessage(head, -1);
    }

    public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        var scan = new OnnxScan(content, context, cancellationToken);
        using var input = new CodedInputStream(content.Stream, leaveOpen: true);
        try
        {
            new OnnxVisitor(scan, OnnxVisitor.Kind.Model, 0).MergeFrom(input);
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
