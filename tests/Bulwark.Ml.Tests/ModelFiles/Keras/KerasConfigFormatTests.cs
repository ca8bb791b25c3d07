using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Keras;
using Bulwark.Ml.Tests.ModelFiles.TensorFlow;
using static Bulwark.Ml.Tests.ModelFiles.Keras.KerasConfigs;

namespace Bulwark.Ml.Tests.ModelFiles.Keras;

public sealed class KerasConfigFormatTests
{
    private static readonly IModelFormat[] Formats = [new KerasConfigFormat()];

    private static ModelScanContext Scan(string json, string name = "config.json", bool strict = false) =>
        FormatHarness.Scan(Formats, name, Encoding.UTF8.GetBytes(json), strict);

    [Fact]
    public void An_ordinary_keras3_config_raises_nothing()
    {
        var context = Scan(Sequential(InputLayer, Dense));

        context.Issues.ShouldBeEmpty();
        context.GlobalReferences.ShouldBeEmpty();
    }

    [Fact]
    public void A_lambda_layer_is_critical_with_its_name_and_bytecode_size()
    {
        var issue = Scan(Sequential(InputLayer, Lambda, Dense)).Issues.ShouldHaveSingleItem();

        issue.Rule.Id.ShouldBe("model-keras-lambda");
        issue.Severity.ShouldBe(Severity.Critical);
        issue.Properties["layer"].ShouldBe("sneaky");
        issue.Message.ShouldContain("21 bytes");
    }

    [Fact]
    public void A_custom_object_naming_os_system_is_dangerous_and_recorded()
    {
        var context = Scan(Sequential(InputLayer, DenseWithActivation(Function("os", "system"))));

        var issue = context.Issues.ShouldHaveSingleItem();
        issue.Rule.Id.ShouldBe("model-keras-dangerous-object");
        issue.Severity.ShouldBe(Severity.Critical);
        issue.Properties["global"].ShouldBe("os.system");
        issue.Properties["layer"].ShouldBe("dense_custom");
        var reference = context.GlobalReferences.ShouldHaveSingleItem();
        reference.Qualified.ShouldBe("os.system");
        reference.Verdict.Class.ShouldBe(GlobalClass.Dangerous);
    }

    [Fact]
    public void An_unknown_custom_layer_module_is_medium_and_high_when_strict()
    {
        const string custom = """{"module": "my_project.layers", "class_name": "Attention", "config": {"name": "attn"}, "registered_name": "MyProject>Attention"}""";

        Scan(Sequential(custom)).Issues.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Medium);
        Scan(Sequential(custom), strict: true).Issues.ShouldHaveSingleItem().Severity.ShouldBe(Severity.High);
    }

    [Fact]
    public void Safe_modules_are_recorded_but_not_reported()
    {
        var context = Scan(Sequential(DenseWithActivation(Function("math", "tanh"))));

        context.Issues.ShouldBeEmpty();
        context.GlobalReferences.ShouldHaveSingleItem().Verdict.Class.ShouldBe(GlobalClass.Safe);
    }

    [Fact]
    public void Keras_get_file_is_reported_even_inside_the_keras_namespace()
    {
        var issue = Scan(Sequential(DenseWithActivation(Function("keras.utils", "get_file")))).Issues.ShouldHaveSingleItem();

        issue.Rule.Id.ShouldBe("model-keras-dangerous-object");
        issue.Severity.ShouldBe(Severity.High);
    }

    [Fact]
    public void Keras2_lambda_with_bytecode_list_and_function_by_module_are_found()
    {
        const string json = """
            {"class_name": "Model", "config": {"layers": [
              {"class_name": "Lambda", "config": {"name": "l1", "function": ["4wEAAAAA", null, null], "function_type": "lambda"}},
              {"class_name": "Lambda", "config": {"name": "l2", "function": "system", "function_type": "function", "module": "posix"}}
            ]}}
            """;

        var issues = Scan(json, "model.json").Issues;

        issues.Select(issue => (issue.Rule.Id, issue.Properties["layer"])).ShouldBe([("model-keras-lambda", "l1"), ("model-keras-dangerous-object", "l2")]);
    }

    [Fact]
    public void Tf_op_lambda_calling_py_function_is_reported_and_ordinary_math_is_not()
    {
        const string json = """
            {"class_name": "Functional", "config": {"layers": [
              {"class_name": "TFOpLambda", "config": {"name": "tf.math.add", "function": "math.add"}},
              {"class_name": "TFOpLambda", "config": {"name": "tf.py_function", "function": "py_function"}}
            ]}}
            """;

        var issue = Scan(json, "model.json").Issues.ShouldHaveSingleItem();

        issue.Rule.Id.ShouldBe("model-keras-tf-op");
        issue.Properties["layer"].ShouldBe("tf.py_function");
    }

    [Fact]
    public void Hugging_face_auto_map_entries_are_medium_and_name_the_module()
    {
        const string json = """{"architectures": ["XForCausalLM"], "auto_map": {"AutoConfig": "configuration_x.XConfig", "AutoModelForCausalLM": "other/repo--modeling_x.XForCausalLM"}, "model_type": "x"}""";

        var issues = Scan(json).Issues;

        issues.Count.ShouldBe(2);
        issues.ShouldAllBe(issue => issue.Rule.Id == "model-hf-remote-code" && issue.Severity == Severity.Medium);
        issues[0].Message.ShouldContain("runs configuration_x.py from the repository");
        issues[1].Message.ShouldContain("from the repository other/repo");
    }

    [Fact]
    public void Tokenizer_auto_map_pairs_are_each_reported()
    {
        const string json = """{"auto_map": {"AutoTokenizer": ["tokenization_x.XTokenizer", null]}}""";

        Scan(json, "tokenizer_config.json").Issues.ShouldHaveSingleItem().Properties["global"].ShouldBe("tokenization_x.XTokenizer");
    }

    [Fact]
    public void Invalid_json_becomes_a_notice_with_line_and_column()
    {
        var context = Scan("{\n  \"class_name\": \"Sequential\",\n  oops}");

        context.Issues.ShouldBeEmpty();
        context.Notices.ShouldHaveSingleItem().Message.ShouldContain("line 3, column 3");
    }

    [Fact]
    public void Invalid_utf8_inside_a_string_becomes_a_notice_with_its_position()
    {
        var bytes = Encoding.UTF8.GetBytes("{\n  \"class_name\": \"Seq?\"}");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xA8;

        var context = FormatHarness.Scan(Formats, "config.json", bytes);

        context.Notices.ShouldHaveSingleItem().Message.ShouldContain("invalid UTF-8 at line 2, column 21");
    }

    [Fact]
    public void Nesting_deeper_than_64_is_refused_with_a_notice()
    {
        var json = "{\"class_name\": \"X\", \"config\": " + string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)) + "}";

        Scan(json).Notices.ShouldHaveSingleItem().Level.ShouldBe(NoticeLevel.Warning);
    }

    [Theory]
    [InlineData("config.json", "{\"a\": 1}", true)]
    [InlineData("my_model/tokenizer_config.json", "\uFEFF {\"a\": 1}", true)]
    [InlineData("model.json", "{\"class_name\": \"Sequential\"}", true)]
    [InlineData("metadata.json", "{\"keras_version\": \"3.3.3\"}", false)]
    [InlineData("config.json", "[1, 2]", false)]
    [InlineData("config.yaml", "{\"class_name\": \"x\"}", false)]
    public void Sniffs_json_configs_by_name_and_content(string name, string text, bool expected)
    {
        new KerasConfigFormat().Matches(Encoding.UTF8.GetBytes(text), name).ShouldBe(expected);
    }
}
