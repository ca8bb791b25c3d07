using Bulwark.Core.Findings;
using Bulwark.Ml.Tests.ModelFiles.Testing;
using Bulwark.Tests.Shared;

namespace Bulwark.Ml.Tests.ModelFiles.Containers;

/// <summary>Real files written by torch (Fixtures/generate_containers.py).</summary>
public sealed class TorchFixtureTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "Bulwark.Ml.Tests", "Fixtures", "containers", name));

    [Fact]
    public void A_zip_checkpoint_is_clean_and_its_pickle_is_scanned_in_full()
    {
        var harness = new ScanHarness();
        var result = harness.Scan(Fixture("linear_zip.pt"), "linear_zip.pt");

        result.Issues.ShouldBeEmpty();
        var pickle = harness.Pickles.Seen.Single(s => s.Location.Member == "linear_zip/data.pkl");
        pickle.Bytes.Length.ShouldBe(290);
    }

    [Fact]
    public void A_torchscript_archive_reports_its_code_and_scans_every_pickle()
    {
        var harness = new ScanHarness();
        var result = harness.Scan(Fixture("tiny_script.pt"), "tiny_script.pt");

        result.Issues.Select(i => (i.Rule.Id, i.Severity)).ShouldBe([("model-torch-torchscript-code", Severity.Medium)]);
        harness.Pickles.Seen.Select(s => s.Location.Member).ShouldBe(
        [
            "tiny_script/data.pkl", "tiny_script/code/__torch__.py.debug_pkl",
            "tiny_script/code/__torch__/torch/nn/modules/linear.py.debug_pkl", "tiny_script/constants.pkl",
        ], ignoreOrder: true);
    }

    [Fact]
    public void A_legacy_checkpoint_is_clean_and_its_raw_storages_are_not_scanned_as_pickle()
    {
        var bytes = Fixture("linear_legacy.pt");
        var harness = new ScanHarness();

        var result = harness.Scan(bytes, "linear_legacy.pt");

        result.ShouldHaveNothingAboveLow();
        harness.Pickles.Seen.Select(s => s.Location.Member).ShouldBe(["legacy/protocol", "legacy/sys_info", "legacy/data", "legacy/storage_keys"]);
        var scanned = harness.Pickles.Seen.Sum(s => s.Bytes.Length);
        scanned.ShouldBeLessThan(bytes.Length - 40 - 15);
    }
}
