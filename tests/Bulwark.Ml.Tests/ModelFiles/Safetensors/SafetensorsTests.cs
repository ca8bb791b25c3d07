using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.Tests.ModelFiles.Testing;

namespace Bulwark.Ml.Tests.ModelFiles.Safetensors;

public sealed class SafetensorsTests
{
    internal const string ValidHeader =
        """{"__metadata__":{"format":"pt"},"weight":{"dtype":"F32","shape":[2,4],"data_offsets":[0,32]},"bias":{"dtype":"BF16","shape":[2],"data_offsets":[32,36]},"empty":{"dtype":"I64","shape":[0,3],"data_offsets":[36,36]},"packed":{"dtype":"F4","shape":[4],"data_offsets":[36,38]}}  """;

    internal static byte[] File(string header, int dataLength)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataLength];
        BitConverter.TryWriteBytes(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    private static ModelScanContext Scan(string header, int dataLength) => new ScanHarness().Scan(File(header, dataLength), "model.safetensors");

    [Fact]
    public void A_valid_file_with_padding_empty_and_packed_tensors_gives_no_finding()
    {
        Scan(ValidHeader, 38).Issues.ShouldBeEmpty();
    }

    [Fact]
    public void A_header_length_past_the_file_or_the_limit_is_malformed()
    {
        var bytes = File("""{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}""", 1);
        BitConverter.TryWriteBytes(bytes, 1_000_000UL);

        new ScanHarness().Scan(bytes).Single("model-safetensors-malformed-header").Message.ShouldContain("past the end");
        new ScanHarness(new ModelScanLimits { MaxMetadataBytes = 10 }).Scan(File(ValidHeader, 38)).Single("model-safetensors-malformed-header").Message.ShouldContain("limit");
    }

    [Theory]
    [InlineData("""{"a":}""", "not valid JSON (line 1, column 6)")]
    [InlineData("""{"__metadata__":{"n":1}}""", "not a string")]
    [InlineData("""{"__metadata__":[]}""", "not an object")]
    public void Bad_json_and_bad_metadata_are_malformed(string header, string message)
    {
        Scan(header, 0).Single("model-safetensors-malformed-header").Message.ShouldContain(message);
    }

    [Theory]
    [InlineData("""{"t":{"dtype":"F12","shape":[1],"data_offsets":[0,1]}}""", "unknown dtype")]
    [InlineData("""{"t":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}""", "shape")]
    [InlineData("""{"t":{"dtype":"U8","shape":[1.5],"data_offsets":[0,1]}}""", "shape")]
    [InlineData("""{"t":{"dtype":"U8","shape":[1],"data_offsets":[1,0]}}""", "data_offsets")]
    [InlineData("""{"t":{"dtype":"U8","shape":[1],"data_offsets":[0,9]}}""", "ends at byte 9")]
    [InlineData("""{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,1]}}""", "need 4")]
    [InlineData("""{"t":{"dtype":"F4","shape":[3],"data_offsets":[0,1]}}""", "whole bytes")]
    [InlineData("""{"t":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,1]}}""", "overflows")]
    [InlineData("""{"t":[1]}""", "not an object")]
    public void Invalid_tensor_entries_are_reported_with_the_tensor_name(string header, string message)
    {
        var issue = Scan(header, 1).Single("model-safetensors-invalid-tensor");

        issue.Message.ShouldContain(message);
        issue.Properties["tensor"].ShouldBe("t");
    }

    [Fact]
    public void Overlapping_tensors_are_high()
    {
        var issue = Scan("""{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}""", 6).Single("model-safetensors-overlap");

        issue.Severity.ShouldBe(Severity.High);
        issue.Message.ShouldContain("'b' overlaps 'a'");
    }

    [Fact]
    public void Gaps_and_trailing_bytes_are_hidden_data()
    {
        var result = Scan("""{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[10,12]}}""", 100);

        result.Issues.Where(i => i.Rule.Id == "model-safetensors-hidden-data").Select(i => i.Properties["bytes"]).ShouldBe(["8", "88"]);
    }

    [Fact]
    public void A_repeated_key_is_high()
    {
        Scan("""{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}""", 1)
            .Single("model-safetensors-duplicate-key").Severity.ShouldBe(Severity.High);
    }

    [Fact]
    public void Deeply_nested_json_is_refused_not_recursed()
    {
        var header = "{\"__metadata__\":" + new string('[', 5000) + new string(']', 5000) + "}";

        Scan(header, 0).Single("model-safetensors-malformed-header").Message.ShouldContain("not valid JSON");
    }

    [Fact]
    public void Thousands_of_corrupted_headers_neither_crash_nor_hang()
    {
        Mutations.ScanMutants([File(ValidHeader, 38), File("""{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}""", 2)], 3000, seed: 17);
    }
}
