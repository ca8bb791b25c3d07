using Bulwark.Ml.Tests.ModelFiles.TensorFlow;

namespace Bulwark.Ml.Tests.ModelFiles.Onnx;

/// <summary>Hand-written ONNX ModelProtos shaped like torch.onnx.export output.</summary>
internal static class OnnxModels
{
    /// <summary>NodeProto: input 1, output 2, name 3, op_type 4, attribute 5, domain 7.</summary>
    public static Proto Node(string name, string op, string domain = "", params Proto[] attributes)
    {
        var node = new Proto().Text(1, "x").Text(2, name + "_out").Text(3, name).Text(4, op).Messages(5, attributes);
        return domain.Length == 0 ? node : node.Text(7, domain);
    }

    /// <summary>AttributeProto with a subgraph: name 1, g 6, type 20 (GRAPH = 5).</summary>
    public static Proto GraphAttribute(string name, Proto graph) => new Proto().Text(1, name).Message(6, graph).Varint(20, 5);

    /// <summary>TensorProto: dims 1, data_type 2, name 8, raw_data 9.</summary>
    public static Proto Weights(string name, int size) => new Proto().Varint(1, size).Varint(2, 1).Text(8, name).Bytes(9, new byte[size * 4]);

    /// <summary>TensorProto stored outside: external_data 13 (location, offset, length), data_location 14 = EXTERNAL.</summary>
    public static Proto ExternalWeights(string name, string location) => new Proto().Varint(1, 4).Varint(2, 1).Text(8, name)
        .Message(13, new Proto().Text(1, "location").Text(2, location))
        .Message(13, new Proto().Text(1, "offset").Text(2, "0"))
        .Message(13, new Proto().Text(1, "length").Text(2, "16"))
        .Varint(14, 1);

    /// <summary>GraphProto: node 1, name 2, initializer 5, input 11, output 12.</summary>
    public static Proto Graph(IEnumerable<Proto> nodes, IEnumerable<Proto>? initializers = null) =>
        new Proto().Messages(1, nodes).Text(2, "main_graph").Messages(5, initializers ?? [])
            .Message(11, new Proto().Text(1, "x")).Message(12, new Proto().Text(1, "y"));

    /// <summary>ModelProto: ir_version 1, producer 2/3, graph 7, opset_import 8 (domain 1, version 2), functions 25.</summary>
    public static byte[] Model(Proto graph, IEnumerable<string>? domains = null, IEnumerable<Proto>? functions = null)
    {
        var model = new Proto().Varint(1, 8).Text(2, "pytorch").Text(3, "2.1.0").Message(7, graph).Message(8, new Proto().Varint(2, 17));
        foreach (var domain in domains ?? [])
        {
            model.Message(8, new Proto().Text(1, domain).Varint(2, 1));
        }
        return model.Messages(25, functions ?? []).ToArray();
    }

    /// <summary>FunctionProto: name 1, node 7, opset_import 9, domain 10.</summary>
    public static Proto Function(string domain, string name, IEnumerable<Proto> nodes) =>
        new Proto().Text(1, name).Messages(7, nodes).Message(9, new Proto().Varint(2, 17)).Text(10, domain);

    /// <summary>A small CNN as torch.onnx.export writes it: Conv, Relu, Flatten, Gemm with embedded weights.</summary>
    public static byte[] BenignCnn() => Model(Graph(
        [Node("/conv1/Conv", "Conv"), Node("/relu/Relu", "Relu"), Node("/Flatten", "Flatten"), Node("/fc/Gemm", "Gemm")],
        [Weights("conv1.weight", 72), Weights("conv1.bias", 8), Weights("fc.weight", 80), Weights("fc.bias", 10)]));
}
