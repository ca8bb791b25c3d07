using Bulwark.Ml.Tests.ModelFiles.Testing;
using Bulwark.Tests.Shared;

namespace Bulwark.Ml.Tests.ModelFiles.Containers;

public sealed class ContainerMutationTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "Bulwark.Ml.Tests", "Fixtures", "containers", name));

    [Fact]
    public void Thousands_of_corrupted_zips_tars_and_legacy_checkpoints_neither_crash_nor_hang()
    {
        byte[][] samples =
        [
            Fixture("linear_zip.pt"),
            Fixture("tiny_script.pt"),
            Fixture("linear_legacy.pt"),
            new ZipBuilder { Zip64 = true }.Add(new ZipTestMember("a/data.pkl", ZipTricksTests.Pickle) { Descriptor = true }).Add("n.zip", new ZipBuilder().Add("x", [1, 2]).Build(), deflate: true).Build(),
            new TarBuilder().Add("sys_info", ZipTricksTests.Pickle).Add("storages", [.. ZipTricksTests.Pickle, 8, 0, 0, 0]).Build(),
        ];

        Mutations.ScanMutants(samples, 4000, seed: 20240611);
    }
}
