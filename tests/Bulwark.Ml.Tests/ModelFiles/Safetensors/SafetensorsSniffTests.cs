using System.Text;
using Bulwark.Ml.ModelFiles.Safetensors;

namespace Bulwark.Ml.Tests.ModelFiles.Safetensors;

public sealed class SafetensorsSniffTests
{
    private static byte[] Head(ulong length, string after)
    {
        var bytes = new byte[8 + after.Length];
        BitConverter.TryWriteBytes(bytes, length);
        Encoding.Latin1.GetBytes(after).CopyTo(bytes, 8);
        return bytes;
    }

    [Theory]
    [InlineData("{\"weight\":{")]
    [InlineData("{\"__metadata__\"")]
    [InlineData("{ \"a\"")]
    [InlineData("{}")]
    public void A_length_and_a_json_object_is_safetensors(string after) =>
        SafetensorsFormats.All.Single().Matches(Head(64, after), "x").ShouldBeTrue();

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{")]
    [InlineData("{\u00d4\u000d")]
    public void Binary_after_a_brace_is_not_claimed(string after) =>
        SafetensorsFormats.All.Single().Matches(Head(64, after), "x").ShouldBeFalse();

    [Fact]
    public void A_dotnet_assets_cache_is_not_claimed() =>
        SafetensorsFormats.All.Single().Matches([.. "PKGA"u8, 0x0C, 0, 0, 0, (byte)'{', 0x09, 0xD4, 0x0D, 0x9C], "project.assets.cache").ShouldBeFalse();
}
