using Bulwark.Ml.ModelFiles.TensorFlow;
using Google.Protobuf;

namespace Bulwark.Ml.ModelFiles.Onnx;

/// <summary>
/// Walks an ONNX ModelProto: graph (7), functions (25) and training_info (20, graphs 1 and 2); GraphProto node
/// (1), initializer (5), sparse_initializer (15); NodeProto name (3), op_type (4), domain (7), attribute (5);
/// AttributeProto t (5), g (6), tensors (10), graphs (11), sparse_tensor (22), sparse_tensors (23);
/// TensorProto name (8), external_data (13: key 1, value 2), data_location (14); FunctionProto name (1),
/// domain (10), node (7). Subgraphs (If/Loop/Scan bodies) are followed up to <see cref="OnnxScan.MaxGraphDepth"/>.
/// </summary>
internal sealed class OnnxVisitor(OnnxScan scan, OnnxVisitor.Kind kind, int depth) : ProtoVisitor
{
    /// <summary>TensorProto.DataLocation.EXTERNAL.</summary>
    private const long External = 1;

    /// <summary>The message a visitor reads; one class keeps the whole schema path in one place.</summary>
    public enum Kind
    {
        Model,
        Graph,
        Node,
        Attribute,
        Tensor,
        SparseTensor,
        Entry,
        Function,
        TrainingInfo,
    }

    private string _name = "";
    private string _opType = "";
    private string _domain = "";
    private string? _key;
    private string? _value;
    private string? _location;
    private long _dataLocation;

    protected override bool Visit(CodedInputStream input, int field, WireFormat.WireType wire)
    {
        if (kind == Kind.Tensor && field == 14 && wire == WireFormat.WireType.Varint)
        {
            _dataLocation = input.ReadInt64();
            return true;
        }
        if (!IsLength(wire))
        {
            return false;
        }
        switch (kind, field)
        {
            case (Kind.Model, 7) or (Kind.TrainingInfo, 1 or 2) or (Kind.Attribute, 6 or 11):
                return Child(input, Kind.Graph, kind == Kind.Attribute ? depth + 1 : depth);
            case (Kind.Model, 25):
                var function = Read(input, Kind.Function, depth);
                scan.AddFunction(function._domain, function._name);
                return true;
            case (Kind.Model, 20):
                return Child(input, Kind.TrainingInfo, depth);
            case (Kind.Function, 1) or (Kind.Node, 3) or (Kind.Tensor, 8):
                _name = ReadText(input);
                return true;
            case (Kind.Function, 10) or (Kind.Node, 7):
                _domain = ReadText(input, 256);
                return true;
            case (Kind.Graph, 1) or (Kind.Function, 7):
                var offset = input.Position;
                var node = Read(input, Kind.Node, depth);
                scan.AddNode(node._domain, node._opType, node._name, offset);
                return true;
            case (Kind.Graph, 5) or (Kind.Attribute, 5 or 10) or (Kind.SparseTensor, 1 or 2):
                var start = input.Position;
                var tensor = Read(input, Kind.Tensor, depth);
                if (tensor._dataLocation == External && tensor._location is { } location)
                {
                    scan.AddExternalData(tensor._name, location, start);
                }
                return true;
            case (Kind.Graph, 15) or (Kind.Attribute, 22 or 23):
                return Child(input, Kind.SparseTensor, depth);
            case (Kind.Node, 4):
                _opType = ReadText(input, 256);
                return true;
            case (Kind.Node, 5):
                return Child(input, Kind.Attribute, depth);
            case (Kind.Tensor, 13):
                var entry = Read(input, Kind.Entry, depth);
                if (string.Equals(entry._key, "location", StringComparison.Ordinal))
                {
                    _location = entry._value ?? "";
                }
                return true;
            case (Kind.Entry, 1):
                _key = ReadText(input, 64);
                return true;
            case (Kind.Entry, 2):
                _value = ReadText(input, 4096);
                return true;
            default:
                return false;
        }
    }

    private bool Child(CodedInputStream input, Kind child, int childDepth)
    {
        if (childDepth > OnnxScan.MaxGraphDepth)
        {
            scan.TooDeep();
            return false;
        }
        input.ReadMessage(new OnnxVisitor(scan, child, childDepth));
        return true;
    }

    private OnnxVisitor Read(CodedInputStream input, Kind child, int childDepth)
    {
        var visitor = new OnnxVisitor(scan, child, childDepth);
        input.ReadMessage(visitor);
        return visitor;
    }
}
