using Bulwark.Integrity.Hashing;

namespace Bulwark.Integrity.Tests.Hashing;

public sealed class ResourceDigestTests
{
    [Fact]
    public void Hex_is_lowercase_and_complete()
    {
        new ResourceDigest("a", "sha256", [0x00, 0xAB, 0xFF]).Hex.ShouldBe("00abff");
    }
}
