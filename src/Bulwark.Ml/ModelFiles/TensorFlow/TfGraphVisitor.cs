using Google.Protobuf;

namespace Bulwark.Ml.ModelFiles.TensorFlow;

/// <summary>
/// Walks the message path to graph nodes: SavedModel.meta_graphs (2) → MetaGraphDef.graph_def (2) →
/// GraphDef.node (1) and GraphDef.library (2) → FunctionDefLibrary.function (1) → FunctionDef.signature (1,
/// OpDef.name 1) and node_def (3). A function's nodes are held until its end, since the signature that names
/// it (and tells a saver function apart) may come after them.
/// </summary>
internal sealed class TfGraphVisitor(TfGraphScan scan, TfGraphVisitor.Kind kind) : ProtoVisitor
{
    /// <summary>Nodes held while a function's name is unknown; past this they are inspected as unnamed.</summary>
    private const int MaxPendingNodes = 100_000;

    private readonly List<(TfNodeVisitor Node, long Offset)> _functionNodes = [];

    public enum Kind
    {
        SavedModel,
        MetaGraph,
        Graph,
        Library,
        Function,
        Signature,
    }

    /// <summary>The OpDef name, for <see cref="Kind.Signature"/>.</summary>
    public string? Name { get; private set; }

    protected override bool Visit(CodedInputStream input, int field, WireFormat.WireType wire)
    {
        if (!IsLength(wire))
        {
            return false;
        }
        switch (kind, field)
        {
            case (Kind.SavedModel, 2):
                input.ReadMessage(new TfGraphVisitor(scan, Kind.MetaGraph));
                return true;
            case (Kind.MetaGraph, 2):
                input.ReadMessage(new TfGraphVisitor(scan, Kind.Graph));
                return true;
            case (Kind.Graph, 1):
                var offset = input.Position;
                var node = new TfNodeVisitor();
                input.ReadMessage(node);
                scan.Inspect(node.ToNode(null, offset));
                return true;
            case (Kind.Graph, 2):
                input.ReadMessage(new TfGraphVisitor(scan, Kind.Library));
                return true;
            case (Kind.Library, 1):
                var function = new TfGraphVisitor(scan, Kind.Function);
                input.ReadMessage(function);
                function.InspectFunctionNodes();
                return true;
            case (Kind.Function, 1):
                var signature = new TfGraphVisitor(scan, Kind.Signature);
                input.ReadMessage(signature);
                Name = signature.Name;
                return true;
            case (Kind.Function, 3):
                var start = input.Position;
                var functionNode = new TfNodeVisitor();
                input.ReadMessage(functionNode);
                if (Name is not null || _functionNodes.Count >= MaxPendingNodes)
                {
                    scan.Inspect(functionNode.ToNode(Name ?? "", start));
                }
                else
                {
                    _functionNodes.Add((functionNode, start));
                }
                return true;
            case (Kind.Signature, 1):
                Name = ReadText(input);
                return true;
            default:
                return false;
        }
    }

    private void InspectFunctionNodes()
    {
        foreach (var (node, offset) in _functionNodes)
        {
            scan.Inspect(node.ToNode(Name ?? "", offset));
        }
    }
}
