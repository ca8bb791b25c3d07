using Bulwark.Ml.ModelFiles;

namespace Bulwark.Ml.Tests.ModelFiles;

public sealed class ModelContentTests
{
    private static readonly ModelLocation Where = new("model.bin", null, -1);

    [Fact]
    public void A_seekable_stream_is_rewound_after_sniffing()
    {
        var bytes = Enumerable.Range(0, 2000).Select(i => (byte)i).ToArray();
        var content = ModelContent.Create(Where, "model.bin", new MemoryStream(bytes), bytes.Length, 0);

        content.Head.ToArray().ShouldBe(bytes[..ModelFormatSniffer.HeadBytes]);
        content.Stream.Position.ShouldBe(0);
        new BinaryReader(content.Stream).ReadBytes(5000).ShouldBe(bytes);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(512)]
    [InlineData(3000)]
    public void A_forward_only_stream_replays_its_head(int length)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        var content = ModelContent.Create(Where, "model.bin", new ForwardOnly(bytes), -1, 1);

        content.Head.Length.ShouldBe(Math.Min(length, ModelFormatSniffer.HeadBytes));
        var copy = new MemoryStream();
        content.Stream.CopyTo(copy, 97);
        copy.ToArray().ShouldBe(bytes);
    }

    [Fact]
    public void Locations_nest_members_and_carry_offsets()
    {
        var member = Where.Child("archive/data.pkl").Child("inner.pkl").At(42);

        member.Member.ShouldBe("archive/data.pkl!inner.pkl");
        member.ToString().ShouldBe("model.bin!archive/data.pkl!inner.pkl@42");
    }

    private sealed class ForwardOnly(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
