using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.Tests.ModelFiles.Testing;

namespace Bulwark.Ml.Tests.ModelFiles.Gguf;

public sealed class GgufTests
{
    internal const string ChatMl =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    internal const string LlamaStyle =
        "{{- bos_token }}{%- set ns = namespace(system_message='', found=false) %}{# the system prompt comes first #}" +
        "{%- for message in messages %}{%- if message['role'] == 'system' %}{%- set ns.system_message = message['content'] | trim %}" +
        "{%- elif loop.index0 > 0 and message.role not in ['user', 'assistant'] %}{{ raise_exception('Conversation roles must alternate') }}" +
        "{%- else %}{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{%- endif %}{%- endfor %}" +
        "Answer every request politely.{%- if add_generation_prompt %}{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{%- endif %}";

    internal static byte[] Valid(string template = ChatMl) => new GgufBuilder { DataBytes = 96 }
        .String("general.architecture", "llama").U32("general.alignment", 32)
        .Strings("tokenizer.ggml.tokens", "<s>", "</s>", "hello")
        .String("tokenizer.chat_template", template).String("tokenizer.chat_template.tool_use", LlamaStyle)
        .Tensor("token_embd.weight", [4, 2], 0, 0).Tensor("output.weight", [32], 8, 32)
        .Build();

    private static ModelScanContext Scan(byte[] bytes) => new ScanHarness().Scan(bytes, "model.gguf");

    [Fact]
    public void A_valid_file_with_normal_chat_templates_gives_no_finding()
    {
        Scan(Valid()).Issues.ShouldBeEmpty();
    }

    [Fact]
    public void A_version_1_file_with_32_bit_lengths_is_read()
    {
        var bytes = new GgufBuilder { Version = 1 }.String("tokenizer.chat_template", "{{ cycler.__init__ }}").Build();

        Scan(bytes).RuleIds().Distinct().ShouldBe(["model-gguf-template-injection"]);
    }

    [Theory]
    [InlineData("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "__init__", Severity.Critical)]
    [InlineData("{% for message in messages %}{{ self._TemplateReference__context }}{% endfor %}", "_TemplateReference__context", Severity.Critical)]
    [InlineData("{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}", "escaped string", Severity.Critical)]
    [InlineData("{{ ''|attr('__class__') }}", "dunder string", Severity.Critical)]
    [InlineData("{% set ns = namespace() %}{{ ns.__class__.__mro__[1].__subclasses__() }}", "__class__", Severity.Critical)]
    [InlineData("{{ request.application }}", "request", Severity.High)]
    [InlineData("{{ lipsum }}", "lipsum", Severity.High)]
    [InlineData("{{ config.items() }}", "config", Severity.High)]
    [InlineData("{{ messages | attr(name) }}", "attr", Severity.High)]
    public void Jinja_injection_gadgets_in_a_chat_template_are_reported(string template, string construct, Severity severity)
    {
        var issues = Scan(Valid(template)).Issues;

        var issue = issues.First(i => i.Properties["construct"] == construct);
        issue.Severity.ShouldBe(severity);
        issue.Rule.Id.ShouldBe("model-gguf-template-injection");
        issue.Properties["key"].ShouldBe("tokenizer.chat_template");
        issue.Properties["excerpt"].Length.ShouldBeLessThanOrEqualTo(120);
    }

    [Fact]
    public void Words_in_template_text_and_comments_are_not_code()
    {
        Scan(Valid("Use the request config of self. {# __class__ #}{{ message['content'] }}")).Issues.ShouldBeEmpty();
    }

    [Fact]
    public void A_repeated_key_is_high()
    {
        var bytes = new GgufBuilder().String("tokenizer.chat_template", ChatMl).String("tokenizer.chat_template", ChatMl).Build();

        Scan(bytes).Single("model-gguf-duplicate-key").Severity.ShouldBe(Severity.High);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(4u)]
    [InlineData(0x03000000u)]
    public void Unknown_versions_are_malformed_and_big_endian_files_are_left_alone(uint version)
    {
        var bytes = new GgufBuilder { Version = version }.Build();

        var result = Scan(bytes);

        if (version == 0x03000000)
        {
            result.Issues.ShouldBeEmpty();
            result.Notices.ShouldContain(n => n.Message.Contains("big-endian", StringComparison.Ordinal));
        }
        else
        {
            result.Single("model-gguf-malformed").Message.ShouldContain("version");
        }
    }

    [Fact]
    public void Counts_that_cannot_fit_the_file_are_malformed_without_reading_on()
    {
        var bytes = Valid();
        BitConverter.TryWriteBytes(bytes.AsSpan(16), ulong.MaxValue / 2);

        Scan(bytes).Single("model-gguf-malformed").Message.ShouldContain("cannot fit");
    }

    [Fact]
    public void Truncation_unknown_value_types_and_deep_arrays_are_malformed()
    {
        Scan(Valid()[..100]).RuleIds().ShouldBe(["model-gguf-malformed"]);
        Scan(new GgufBuilder().Raw("x", 13, [0]).Build()).Single("model-gguf-malformed").Message.ShouldContain("type 13");
        var nested = new List<byte>();
        for (var i = 0; i < 20; i++)
        {
            nested.AddRange([9, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
        }
        Scan(new GgufBuilder().Raw("x", 9, [.. nested, .. new byte[64]]).Build()).Single("model-gguf-malformed").Message.ShouldContain("nested deeper");
    }

    [Theory]
    [InlineData(new ulong[] { 32 }, 99u, 0ul, "unknown ggml type 99")]
    [InlineData(new ulong[] { 32 }, 0u, 16ul, "not a multiple of the alignment")]
    [InlineData(new ulong[] { 1 << 20 }, 0u, 0ul, "past the end")]
    [InlineData(new ulong[] { 30 }, 2u, 0ul, "block size 32")]
    [InlineData(new ulong[] { 1, 1, 1, 1, 1 }, 0u, 0ul, "at most 4")]
    public void Invalid_tensor_entries_are_reported(ulong[] shape, uint type, ulong offset, string message)
    {
        var bytes = new GgufBuilder { DataBytes = 64 }.Tensor("t", shape, type, offset).Build();

        var issue = Scan(bytes).Single("model-gguf-invalid-tensor");

        issue.Message.ShouldContain(message);
        issue.Properties["tensor"].ShouldBe("t");
    }

    [Fact]
    public void Overlapping_tensors_are_reported()
    {
        var bytes = new GgufBuilder { DataBytes = 64 }.Tensor("a", [8], 0, 0).Tensor("b", [8], 0, 0).Build();

        Scan(bytes).Single("model-gguf-invalid-tensor").Message.ShouldContain("shares bytes");
    }

    [Fact]
    public void Thousands_of_corrupted_headers_neither_crash_nor_hang()
    {
        Mutations.ScanMutants([Valid(), Valid("{{ cycler.__init__ }}")], 3000, seed: 99);
    }
}
