using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Onnx;
using Bulwark.Ml.Tests.ModelFiles.TensorFlow;
using Bulwark.Tests.Shared;
using static Bulwark.Ml.Tests.ModelFiles.Onnx.OnnxModels;

namespace Bulwark.Ml.Tests.ModelFiles.Onnx;

public sealed class OnnxFormatTests
{
    private static readonly IModelFormat[] Formats = [new OnnxFormat()];

    [Fact]
    public void A_plain_exported_cnn_raises_nothing()
    {
        FormatHarness.Scan(Formats, "model.onnx", BenignCnn()).Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Reports_a_custom_domain_once_with_its_operators()
    {
        var bytes = Model(Graph([Node("conv", "Conv"), Node("evil1", "RunShell", "com.evil"), Node("evil2", "RunShell", "com.evil"), Node("evil3", "Fetch", "com.evil")]), ["com.evil"]);

        var issue = FormatHarness.Scan(Formats, "model.onnx", bytes).Issues.ShouldHaveSingleItem();

        issue.Rule.Id.ShouldBe("model-onnx-custom-op");
        issue.Severity.ShouldBe(Severity.Medium);
        issue.Message.ShouldContain("3 node(s)");
        issue.Properties["ops"].ShouldBe("RunShell, Fetch");
        issue.Properties["node"].ShouldBe("evil1");
    }

    [Fact]
    public void Onnx_runtime_contrib_operators_are_low()
    {
        var bytes = Model(Graph([Node("attn", "Attention", "com.microsoft"), Node("q", "QLinearConv", "ai.onnx.ml")]), ["com.microsoft"]);

        var issue = FormatHarness.Scan(Formats, "model.onnx", bytes).Issues.ShouldHaveSingleItem();

        issue.Rule.Id.ShouldBe("model-onnx-contrib-op");
        issue.Severity.ShouldBe(Severity.Low);
    }

    [Fact]
    public void Operators_defined_by_model_local_functions_are_not_custom()
    {
        var bytes = Model(Graph([Node("call", "MyBlock", "local.fn")]), ["local.fn"], [Function("local.fn", "MyBlock", [Node("inner", "Relu")])]);

        FormatHarness.Scan(Formats, "model.onnx", bytes).Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Custom_operators_inside_functions_and_loop_bodies_are_found()
    {
        var body = Graph([Node("deep", "Leak", "org.bad")]);
        var bytes = Model(
            Graph([Node("loop", "Loop", "", GraphAttribute("body", body))]),
            functions: [Function("local.fn", "Block", [Node("inner", "Steal", "org.worse")])]);

        var issues = FormatHarness.Scan(Formats, "model.onnx", bytes).Issues;

        issues.Select(issue => issue.Properties["domain"]).ShouldBe(["org.bad", "org.worse"]);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("weights\\..\\..\\secret")]
    [InlineData("C:\\Windows\\win.ini")]
    public void External_data_that_leaves_the_model_folder_is_high(string location)
    {
        var bytes = Model(Graph([Node("fc", "Gemm")], [ExternalWeights("fc.weight", location)]));

        var issue = FormatHarness.Scan(Formats, "model.onnx", bytes).Issues.ShouldHaveSingleItem();

        issue.Rule.Id.ShouldBe("model-onnx-external-data-escape");
        issue.Severity.ShouldBe(Severity.High);
        issue.Properties["location"].ShouldBe(location);
    }

    [Fact]
    public void External_data_beside_the_model_is_fine()
    {
        var bytes = Model(Graph([Node("fc", "Gemm")], [ExternalWeights("fc.weight", "model.onnx.data"), ExternalWeights("fc.bias", "weights/fc.bias.bin")]));

        FormatHarness.Scan(Formats, "model.onnx", bytes).Issues.ShouldBeEmpty();
    }

    [Fact]
    public void External_data_in_a_constant_node_attribute_is_checked_too()
    {
        var constant = Node("const", "Constant", "", new Proto().Text(1, "value").Message(5, ExternalWeights("c", "/root/.aws/credentials")).Varint(20, 4));

        FormatHarness.Scan(Formats, "model.onnx", Model(Graph([constant]))).Issues.ShouldHaveSingleItem().Rule.Id.ShouldBe("model-onnx-external-data-escape");
    }

    [Fact]
    public void On_disk_a_symbolic_link_beside_the_model_that_points_elsewhere_is_caught()
    {
        using var folder = new TempDirectory("onnx");
        var model = Path.Combine(folder.Path, "model.onnx");
        File.WriteAllBytes(model, Model(Graph([Node("fc", "Gemm")], [ExternalWeights("fc.weight", "weights.bin")])));
        File.CreateSymbolicLink(Path.Combine(folder.Path, "weights.bin"), "/etc/hostname");

        var issue = FormatHarness.ScanFile(Formats, model).Issues.ShouldHaveSingleItem();

        issue.Message.ShouldContain("symbolic link");
    }

    [Fact]
    public void Subgraph_nesting_is_bounded_with_a_notice()
    {
        var graph = Graph([Node("leaf", "Relu")]);
        for (var i = 0; i < 25; i++)
        {
            graph = Graph([Node($"if{i}", "If", "", GraphAttribute("then_branch", graph))]);
        }

        var context = FormatHarness.Scan(Formats, "model.onnx", Model(graph));

        context.Issues.ShouldBeEmpty();
        context.Notices.ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("model.onnx", true)]
    [InlineData("exported.bin", true)]
    [InlineData("saved_model.pb", false)]
    public void Sniffs_onnx_by_name_or_by_its_opening_fields(string name, bool expected)
    {
        new OnnxFormat().Matches(BenignCnn(), name).ShouldBe(expected);
    }

    [Fact]
    public void Other_binary_content_is_not_claimed_without_the_name()
    {
        var format = new OnnxFormat();
        format.Matches([0x80, 0x02, 0x63, 0x6F], "data.pkl").ShouldBeFalse();
        format.Matches("PK\u0003\u0004"u8, "model.bin").ShouldBeFalse();
        format.Matches("{\"a\": 1}"u8, "model.onnx").ShouldBeFalse();
    }
}
