namespace Bulwark.Ml.Tests.ModelFiles.TensorFlow;

/// <summary>Hand-written SavedModel and GraphDef protobufs shaped like real TensorFlow exports.</summary>
internal static class TfGraphs
{
    /// <summary>NodeDef: name 1, op 2, attr 5 (map entry: key 1, AttrValue 2 with s 2 or list 1 → s 2).</summary>
    public static Proto Node(string name, string op, params (string Key, string Value)[] attrs)
    {
        var node = new Proto().Text(1, name).Text(2, op).Text(3, "input:0").Text(4, "/device:CPU:0");
        foreach (var (key, value) in attrs)
        {
            node.Message(5, new Proto().Text(1, key).Message(2, new Proto().Text(2, value)));
        }
        return node.Message(5, new Proto().Text(1, "T").Message(2, new Proto().Varint(6, 1)));
    }

    /// <summary>A node whose attr holds a list of strings (debug_urls).</summary>
    public static Proto NodeWithList(string name, string op, string key, params string[] values)
    {
        var list = new Proto();
        foreach (var value in values)
        {
            list.Text(2, value);
        }
        return new Proto().Text(1, name).Text(2, op).Message(5, new Proto().Text(1, key).Message(2, new Proto().Message(1, list)));
    }

    /// <summary>FunctionDef: signature 1 (OpDef name 1), node_def 3; the signature may follow the nodes.</summary>
    public static Proto Function(string name, IEnumerable<Proto> nodes, bool signatureLast = false)
    {
        var signature = new Proto().Text(1, name);
        var function = new Proto();
        if (!signatureLast)
        {
            function.Message(1, signature);
        }
        function.Messages(3, nodes);
        return signatureLast ? function.Message(1, signature) : function;
    }

    /// <summary>GraphDef: node 1, library 2 (function 1), versions 4 (producer 1).</summary>
    public static Proto Graph(IEnumerable<Proto> nodes, IEnumerable<Proto>? functions = null) =>
        new Proto().Messages(1, nodes).Message(2, new Proto().Messages(1, functions ?? [])).Message(4, new Proto().Varint(1, 1087));

    /// <summary>SavedModel: schema version 1, meta_graphs 2 (meta_info_def 1 with tags 4, graph_def 2, saver_def 3).</summary>
    public static byte[] SavedModel(Proto graph) =>
        new Proto().Varint(1, 1).Message(2, new Proto()
            .Message(1, new Proto().Text(4, "serve").Text(6, "2.15.0"))
            .Message(2, graph)
            .Message(3, new Proto().Text(1, "saver_filename:0").Text(2, "StatefulPartitionedCall_1:0").Text(3, "StatefulPartitionedCall_2")))
        .ToArray();

    /// <summary>What tf.saved_model.save writes for a small Keras CNN: the serving function and the traced saver and restore functions.</summary>
    public static byte[] BenignTf2SavedModel() => SavedModel(Graph(
        [
            Node("serving_default_input_1", "Placeholder"),
            Node("StatefulPartitionedCall", "StatefulPartitionedCall"),
            Node("saver_filename", "Placeholder"),
            Node("StatefulPartitionedCall_1", "StatefulPartitionedCall"),
            Node("StatefulPartitionedCall_2", "StatefulPartitionedCall"),
        ],
        [
            Function("__inference_serving_default_1234", [Node("conv2d/Conv2D", "Conv2D"), Node("conv2d/Relu", "Relu"), Node("dense/MatMul", "MatMul"), Node("dense/BiasAdd", "BiasAdd"), Node("dense/ReadVariableOp", "ReadVariableOp")]),
            Function("__inference__traced_save_2345", [Node("StaticRegexFullMatch", "StaticRegexFullMatch"), Node("StringJoin", "StringJoin"), Node("ShardedFilename", "ShardedFilename"), Node("SaveV2", "SaveV2"), Node("MergeV2Checkpoints", "MergeV2Checkpoints")]),
            Function("__inference__traced_restore_3456", [Node("RestoreV2", "RestoreV2"), Node("AssignVariableOp", "AssignVariableOp"), Node("NoOp", "NoOp")], signatureLast: true),
        ]));

    /// <summary>A TF1 SavedModel (tf.compat.v1 builder): the saver lives under the save/ name scope.</summary>
    public static byte[] BenignTf1SavedModel() => SavedModel(Graph(
        [
            Node("x", "Placeholder"), Node("w/read", "Identity"), Node("MatMul", "MatMul"), Node("Softmax", "Softmax"),
            Node("save/SaveV2", "SaveV2"), Node("save/RestoreV2", "RestoreV2"), Node("save_1/MergeV2Checkpoints", "MergeV2Checkpoints"),
            Node("PrintV2", "PrintV2", ("output_stream", "stderr")),
        ]));
}
