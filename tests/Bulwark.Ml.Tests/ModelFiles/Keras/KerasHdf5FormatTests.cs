using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Keras;
using Bulwark.Ml.Tests.ModelFiles.TensorFlow;
using Bulwark.Tests.Shared;

namespace Bulwark.Ml.Tests.ModelFiles.Keras;

/// <summary>Real HDF5 files written by h5py (Fixtures/generate_keras.py) in the layout Keras 2 saves.</summary>
public sealed class KerasHdf5FormatTests
{
    private static readonly IModelFormat[] Formats = [new KerasHdf5Format()];

    private static string Fixture(string name) => Path.Combine(RepositoryPaths.Root, "tests", "Bulwark.Ml.Tests", "Fixtures", "keras", name);

    [Theory]
    [InlineData("benign_dense.h5")]
    [InlineData("benign_userblock.h5")]
    public void A_plain_keras2_h5_model_raises_nothing_and_is_read(string name)
    {
        var context = FormatHarness.ScanFile(Formats, Fixture(name));

        context.Issues.ShouldBeEmpty();
        context.Notices.ShouldBeEmpty();
    }

    [Fact]
    public void A_lambda_layer_in_model_config_is_critical()
    {
        var issue = FormatHarness.ScanFile(Formats, Fixture("lambda_layer.h5")).Issues.ShouldHaveSingleItem();

        issue.Rule.Id.ShouldBe("model-keras-lambda");
        issue.Severity.ShouldBe(Severity.Critical);
        issue.Properties["layer"].ShouldBe("sneaky");
        issue.Message.ShouldContain("64 bytes");
    }

    [Fact]
    public void An_h5_member_of_an_archive_is_buffered_and_read()
    {
        var bytes = File.ReadAllBytes(Fixture("lambda_layer.h5"));
        var context = new ModelScanContext(new ModelScanLimits(), new TestClassifier(), new ModelFormatSniffer(Formats), strict: false);
        var content = ModelContent.Create(new ModelLocation("model.keras", "model.weights.h5", -1), "model.weights.h5", new ForwardOnlyStream(bytes), bytes.Length, 1);

        new ModelFormatSniffer(Formats).Scan(content, context, CancellationToken.None);

        context.Issues.ShouldHaveSingleItem().Location.Member.ShouldBe("model.weights.h5");
    }

    [Fact]
    public void A_damaged_hdf5_file_becomes_a_notice()
    {
        var bytes = File.ReadAllBytes(Fixture("benign_dense.h5"));
        Array.Fill(bytes, (byte)0xFF, 8, 200);

        var context = FormatHarness.Scan(Formats, "model.h5", bytes);

        context.Issues.ShouldBeEmpty();
        context.Notices.ShouldHaveSingleItem().Level.ShouldBe(NoticeLevel.Warning);
    }

    [Fact]
    public void An_h5_name_without_a_signature_is_noted_not_analyzed()
    {
        var context = FormatHarness.Scan(Formats, "weights.h5", new byte[4096]);

        context.Notices.ShouldHaveSingleItem().Message.ShouldContain("no HDF5 signature");
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
