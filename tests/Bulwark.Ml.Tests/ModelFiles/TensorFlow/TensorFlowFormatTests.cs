using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.TensorFlow;
using static Bulwark.Ml.Tests.ModelFiles.TensorFlow.TfGraphs;

namespace Bulwark.Ml.Tests.ModelFiles.TensorFlow;

public sealed class TensorFlowFormatTests
{
    private static readonly IModelFormat[] Formats = [new TensorFlowFormat()];

    [Fact]
    public void Reports_py_func_in_a_saved_model_as_critical_with_the_node_name()
    {
        var bytes = SavedModel(Graph([Node("x", "Placeholder"), Node("evil/py", "PyFunc", ("token", "pyfunc_0"))]));

        var issue = FormatHarness.Scan(Formats, "saved_model.pb", bytes).Issues.ShouldHaveSingleItem();

        issue.Rule.Id.ShouldBe("model-tf-python-op");
        issue.Severity.ShouldBe(Severity.Critical);
        issue.Message.ShouldContain("evil/py");
        issue.Properties["op"].ShouldBe("PyFunc");
        issue.Location.Offset.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Reports_write_file_in_a_frozen_graph_def()
    {
        var bytes = Graph([Node("input", "Placeholder"), Node("dump", "WriteFile"), Node("out", "Identity")]).ToArray();

        var issue = FormatHarness.Scan(Formats, "models/frozen_graph.pb", bytes).Issues.ShouldHaveSingleItem();

        issue.Rule.Id.ShouldBe("model-tf-file-write");
        issue.Severity.ShouldBe(Severity.High);
        issue.Properties["node"].ShouldBe("dump");
    }

    [Fact]
    public void Reports_py_func_inside_a_library_function_with_its_name()
    {
        var bytes = SavedModel(Graph([Node("call", "StatefulPartitionedCall")], [Function("__inference_call_77", [Node("EagerPyFunc", "EagerPyFunc")], signatureLast: true)]));

        var issue = FormatHarness.Scan(Formats, "saved_model.pb", bytes).Issues.ShouldHaveSingleItem();

        issue.Severity.ShouldBe(Severity.Critical);
        issue.Properties["function"].ShouldBe("__inference_call_77");
    }

    [Fact]
    public void Ordinary_tf2_and_tf1_saved_models_with_their_savers_raise_nothing()
    {
        FormatHarness.Scan(Formats, "saved_model.pb", BenignTf2SavedModel()).Issues.ShouldBeEmpty();
        FormatHarness.Scan(Formats, "saved_model.pb", BenignTf1SavedModel()).Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Checkpoint_ops_outside_the_saver_are_reported()
    {
        var bytes = SavedModel(Graph([], [Function("__inference_call_12", [Node("SaveV2", "SaveV2"), Node("loot/RestoreV2", "RestoreV2")])]));

        var issues = FormatHarness.Scan(Formats, "saved_model.pb", bytes).Issues;

        issues.Select(issue => issue.Rule.Id).ShouldBe(["model-tf-file-write", "model-tf-file-read"]);
    }

    [Fact]
    public void Print_to_a_file_url_and_debug_urls_and_immutable_const_paths_are_reported()
    {
        var bytes = Graph(
        [
            Node("print", "PrintV2", ("output_stream", "file:///etc/cron.d/job")),
            NodeWithList("dbg", "DebugIdentity", "debug_urls", "file:///tmp/dump"),
            NodeWithList("dbg2", "DebugIdentityV2", "debug_urls", "grpc://attacker:6064"),
            Node("weights", "ImmutableConst", ("memory_region_name", "/etc/shadow")),
            Node("files", "TFRecordDataset"),
        ]).ToArray();

        var issues = FormatHarness.Scan(Formats, "graph.pb", bytes).Issues;

        issues.Select(issue => (issue.Rule.Id, issue.Severity)).ShouldBe(
        [
            ("model-tf-file-write", Severity.High),
            ("model-tf-file-write", Severity.High),
            ("model-tf-debug-sink", Severity.Medium),
            ("model-tf-file-read", Severity.High),
            ("model-tf-file-access", Severity.Medium),
        ]);
        issues[0].Message.ShouldContain("file:///etc/cron.d/job");
        issues[3].Message.ShouldContain("/etc/shadow");
    }

    [Fact]
    public void An_attr_entry_with_its_value_before_its_key_is_still_read()
    {
        var entry = new Proto().Message(2, new Proto().Text(2, "file:///root/.ssh/authorized_keys")).Text(1, "output_stream");
        var bytes = Graph([new Proto().Text(1, "p").Text(2, "PrintV2").Message(5, entry)]).ToArray();

        FormatHarness.Scan(Formats, "g.pb", bytes).Issues.ShouldHaveSingleItem().Rule.Id.ShouldBe("model-tf-file-write");
    }

    [Theory]
    [InlineData("saved_model.pb", true)]
    [InlineData("export/frozen_graph.PB", true)]
    [InlineData("keras_metadata.pb", false)]
    [InlineData("saved_model.pbtxt", false)]
    [InlineData("model.onnx", false)]
    public void Sniffs_by_pb_name_and_wire_format(string name, bool expected)
    {
        new TensorFlowFormat().Matches(BenignTf2SavedModel().AsSpan(0, 200), name).ShouldBe(expected);
    }

    [Fact]
    public void Text_named_pb_is_not_claimed()
    {
        new TensorFlowFormat().Matches("node { name: \"x\" op: \"Const\" }"u8, "graph.pb").ShouldBeFalse();
    }

    [Fact]
    public void Truncated_protobuf_keeps_earlier_findings_and_adds_a_notice()
    {
        var bytes = new Proto().Messages(1, [Node("py", "PyFunc"), Node("later", "Identity")]).ToArray();

        var context = FormatHarness.Scan(Formats, "g.pb", bytes[..^3]);

        context.Issues.ShouldHaveSingleItem().Rule.Id.ShouldBe("model-tf-python-op");
        context.Notices.ShouldHaveSingleItem().Level.ShouldBe(NoticeLevel.Warning);
    }

    [Fact]
    public void Findings_are_capped_for_graphs_with_many_hostile_nodes()
    {
        var bytes = Graph(Enumerable.Range(0, 500).Select(i => Node($"w{i}", "WriteFile"))).ToArray();

        var context = FormatHarness.Scan(Formats, "g.pb", bytes);

        context.Issues.Count.ShouldBe(200);
        context.Notices.ShouldHaveSingleItem().Message.ShouldContain("300 more");
    }
}
