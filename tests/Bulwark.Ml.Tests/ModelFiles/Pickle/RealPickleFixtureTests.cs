using Bulwark.Core.Findings;
using Bulwark.Tests.Shared;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

/// <summary>Benign files written by the real frameworks (tests/Bulwark.Ml.Tests/Fixtures/generate_pickle.py).</summary>
public sealed class RealPickleFixtureTests
{
    public static string Fixture(string area, string name) => Path.Combine(RepositoryPaths.Root, "tests", "Bulwark.Ml.Tests", "Fixtures", area, name);

    [Fact]
    public void Legacy_torch_state_dict_is_clean_and_lists_its_globals()
    {
        var context = ModelScanHarness.Scan(File.ReadAllBytes(Fixture("pickle", "legacy_state_dict.pt")), name: "legacy_state_dict.pt");

        context.Issues.ShouldBeEmpty();
        context.GlobalReferences.Select(g => g.Qualified).Distinct().Order(StringComparer.Ordinal).ShouldBe(
            ["collections.OrderedDict", "torch.FloatStorage", "torch.LongStorage", "torch._utils._rebuild_tensor_v2"]);
        // Five stacked pickles, then raw storage bytes that are not a pickle.
        context.Notices.ShouldHaveSingleItem().Message.ShouldContain("not another pickle");
    }

    [Theory]
    [InlineData("logistic.joblib")]
    [InlineData("logistic_zlib3.joblib")]
    [InlineData("logistic.joblib.gz")]
    [InlineData("logistic.joblib.bz2")]
    [InlineData("logistic.joblib.xz")]
    [InlineData("logistic.joblib.lzma")]
    [InlineData("object_array.joblib")]
    public void Joblib_dumps_of_sklearn_models_are_clean(string name)
    {
        var context = ModelScanHarness.Scan(File.ReadAllBytes(Fixture("joblib", name)), name: name);

        context.Issues.ShouldBeEmpty();
        context.GlobalReferences.ShouldContain(g => g.Qualified == "numpy.dtype");
        context.Notices.ShouldBeEmpty();
    }

    [Fact]
    public void Sklearn_model_globals_are_all_known()
    {
        var context = ModelScanHarness.Scan(File.ReadAllBytes(Fixture("joblib", "logistic.joblib")), name: "logistic.joblib");

        context.GlobalReferences.Select(g => g.Qualified).ShouldContain("sklearn.linear_model._logistic.LogisticRegression");
        context.GlobalReferences.ShouldAllBe(g => g.Verdict.Class == Bulwark.Ml.ModelFiles.GlobalClass.Safe);
    }

    [Fact]
    public void Numpy_float_array_is_clean()
    {
        var context = ModelScanHarness.Scan(File.ReadAllBytes(Fixture("numpy", "floats.npy")), name: "floats.npy");

        context.Issues.ShouldBeEmpty();
        context.Notices.ShouldBeEmpty();
    }

    [Fact]
    public void Numpy_object_array_of_plain_values_yields_only_its_low_finding()
    {
        var context = ModelScanHarness.Scan(File.ReadAllBytes(Fixture("numpy", "objects.npy")), name: "objects.npy");

        var issue = context.Issues.ShouldHaveSingleItem();
        issue.Rule.Id.ShouldBe("model-numpy-object-array");
        issue.Severity.ShouldBe(Severity.Low);
        issue.Location.Offset.ShouldBe(128);
        context.GlobalReferences.ShouldContain(g => g.Qualified == "numpy.core.multiarray._reconstruct");
    }
}
