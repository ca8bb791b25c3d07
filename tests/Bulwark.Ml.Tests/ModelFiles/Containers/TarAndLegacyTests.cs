using Bulwark.Core.Findings;
using Bulwark.Ml.Tests.ModelFiles.Testing;

namespace Bulwark.Ml.Tests.ModelFiles.Containers;

public sealed class TarAndLegacyTests
{
    private static readonly byte[] Pickle = ZipTricksTests.Pickle;
    private static readonly byte[] Evil = ZipTricksTests.EvilPickle;

    [Fact]
    public void An_old_torch_tar_checkpoint_has_its_pickles_scanned_but_not_its_raw_storages()
    {
        // storages: count pickle, first (key, location, type) pickle, then 8-byte size and raw bytes that look like PROTO.
        byte[] storages = [.. Pickle, .. Pickle, 8, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x02, .. "EVIL"u8.ToArray()];
        var tar = new TarBuilder().Add("sys_info", Pickle).Add("pickle", Evil).Add("storages", storages).Add("tensors", Pickle).Build();
        var harness = new ScanHarness();

        var result = harness.Scan(tar, "old.pt");

        result.Single(RecordingPickleFormat.Evil.Id).Location.Member.ShouldBe("pickle");
        harness.Pickles.Seen.Single(s => s.Location.Member == "storages").Bytes.Length.ShouldBe(2 * Pickle.Length);
        result.Issues.Count.ShouldBe(1);
    }

    [Fact]
    public void A_bad_tar_checksum_is_reported()
    {
        var tar = new TarBuilder().Add("a", Pickle).Add("b", Evil, badChecksum: true).Build();

        new ScanHarness().Scan(tar).RuleIds().ShouldBe(["model-tar-checksum"]);
    }

    [Fact]
    public void Duplicate_links_and_traversal_in_tar_are_reported()
    {
        var tar = new TarBuilder().Add("pickle", Pickle).Add("PICKLE", Evil).Add("../x", Pickle).Add("l", [], '2', "/etc/passwd").Build();

        var result = new ScanHarness().Scan(tar);

        result.Single("model-tar-duplicate-name").Severity.ShouldBe(Severity.High);
        result.RuleIds().ShouldContain("model-zip-path-traversal");
        result.Single("model-tar-special-entry").Message.ShouldContain("/etc/passwd");
        result.RuleIds().ShouldContain(RecordingPickleFormat.Evil.Id);
    }

    [Fact]
    public void A_tar_member_running_past_the_end_is_malformed()
    {
        var tar = new TarBuilder().Add("a", new byte[2048]).Build()[..1024];

        new ScanHarness().Scan(tar).RuleIds().ShouldBe(["model-tar-malformed"]);
    }

    [Fact]
    public void A_legacy_file_whose_pickles_cannot_be_walked_is_scanned_as_one_stream()
    {
        byte[] legacy = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, (byte)'.', 0x80, 0x02, 0xFF, .. "EVIL"u8.ToArray()];

        var result = new ScanHarness().Scan(legacy, "old.pt");

        result.RuleIds().ShouldBe(["model-torch-legacy-malformed", RecordingPickleFormat.Evil.Id], ignoreOrder: true);
    }

    [Fact]
    public void Dangerous_operations_in_torchscript_code_are_high()
    {
        var code = "def forward(self, x):\n    secret = torch.from_file(\"/etc/shadow\", False, 100)\n    return x\n"u8.ToArray();
        var zip = new ZipBuilder().Add("m/code/__torch__.py", code, deflate: true).Add("m/data.pkl", Pickle).Build();

        var result = new ScanHarness().Scan(zip);

        var issue = result.Single("model-torch-torchscript-dangerous-call");
        issue.Severity.ShouldBe(Severity.High);
        issue.Properties["excerpt"].ShouldBe("secret = torch.from_file(\"/etc/shadow\", False, 100)");
        result.RuleIds().ShouldContain("model-torch-torchscript-code");
    }
}
