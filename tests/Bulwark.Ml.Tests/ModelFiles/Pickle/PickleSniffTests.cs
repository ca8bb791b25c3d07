using System.Text;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

public sealed class PickleSniffTests
{
    private static readonly PickleFormat Format = new();

    [Theory]
    [InlineData("# Model card\n\nThis model classifies images.\n")]
    [InlineData("import os\nos.system('id')\n")]
    [InlineData("{\"weights\": [1, 2, 3]}")]
    [InlineData("1,2,3\n4,5,6\n")]
    [InlineData("def main():\n    pass\n")]
    [InlineData("Some notes about the run.")]
    [InlineData("README")]
    [InlineData("")]
    public void Text_files_are_not_pickles(string text) =>
        Format.Matches(Encoding.UTF8.GetBytes(text), "notes.pkl").ShouldBeFalse();

    [Theory]
    [InlineData("cos\nsystem\n(S'id'\ntR.")]
    [InlineData("(dp0\nS'a'\np1\nI1\ns.")]
    [InlineData("N.")]
    public void Protocol_0_pickles_are_recognized(string text) =>
        Format.Matches(Encoding.UTF8.GetBytes(text), "data.txt").ShouldBeTrue();

    [Fact]
    public void Protocol_1_and_binary_pickles_are_recognized()
    {
        Format.Matches(new PickleWriter().Op(PickleOpcode.EmptyDict).Unicode("k").Int(3).Op(PickleOpcode.SetItem).Stop().ToArray(), "x").ShouldBeTrue();
        Format.Matches(PickleWriter.OsSystem(), "x").ShouldBeTrue();
    }

    [Fact]
    public void A_long_protocol_0_pickle_is_recognized_from_its_head()
    {
        var text = "(lp0\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"I{i}\na")) + ".";
        var head = Encoding.ASCII.GetBytes(text)[..ModelFormatSniffer.HeadBytes];

        Format.Matches(head, "list.dat").ShouldBeTrue();
    }

    [Fact]
    public void Trailing_bytes_that_are_not_a_pickle_become_a_notice()
    {
        var bytes = new PickleWriter().Proto(2).Op(PickleOpcode.None).Stop().Raw(4, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4).ToArray();

        var context = ModelScanHarness.Scan(bytes);

        context.Issues.ShouldBeEmpty();
        context.Notices.ShouldHaveSingleItem().Message.ShouldContain("not another pickle");
    }
}
