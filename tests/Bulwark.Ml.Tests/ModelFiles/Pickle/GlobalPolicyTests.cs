using Bulwark.Core.Configuration;
using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

public sealed class GlobalPolicyTests
{
    private static readonly GlobalPolicy Policy = GlobalPolicy.Default;

    [Theory]
    [InlineData("torch._utils", "_rebuild_tensor_v2")]
    [InlineData("torch", "FloatStorage")]
    [InlineData("collections", "OrderedDict")]
    [InlineData("numpy.core.multiarray", "_reconstruct")]
    [InlineData("numpy._core.multiarray", "_reconstruct")]
    [InlineData("numpy", "dtype")]
    [InlineData("__builtin__", "set")]
    [InlineData("sklearn.linear_model._logistic", "LogisticRegression")]
    [InlineData("joblib.numpy_pickle", "NumpyArrayWrapper")]
    [InlineData("_codecs", "encode")]
    public void Known_model_globals_are_safe(string module, string name) =>
        Policy.Classify(module, name).Class.ShouldBe(GlobalClass.Safe);

    [Theory]
    [InlineData("os", "system", Severity.Critical)]
    [InlineData("posix", "system", Severity.Critical)]
    [InlineData("os", "path", Severity.High)]
    [InlineData("os.path", "join", Severity.High)]
    [InlineData("subprocess", "Popen", Severity.Critical)]
    [InlineData("_posixsubprocess", "fork_exec", Severity.Critical)]
    [InlineData("torch.storage", "_load_from_bytes", Severity.High)]
    [InlineData("torch", "load", Severity.Critical)]
    [InlineData("torch.serialization", "load", Severity.Critical)]
    [InlineData("numpy", "load", Severity.High)]
    [InlineData("builtins", "getattr", Severity.Critical)]
    [InlineData("os", "system.__call__", Severity.Critical)]
    [InlineData("collections", "OrderedDict.__init__.__globals__", Severity.Critical)]
    public void Dangerous_globals_carry_their_severity(string module, string name, Severity severity)
    {
        var verdict = Policy.Classify(module, name);

        verdict.Class.ShouldBe(GlobalClass.Dangerous);
        verdict.Severity.ShouldBe(severity);
        verdict.Reason.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void A_safe_name_does_not_make_its_attributes_safe() =>
        Policy.Classify("collections", "OrderedDict.fromkeys").Class.ShouldBe(GlobalClass.Unknown);

    [Fact]
    public void Configuration_can_allow_names_and_modules_but_not_dangerous_names_inside_them()
    {
        var extended = Policy.WithAllowed(["mypackage.models.*", "other.Thing", "torch.*"]);

        extended.Classify("mypackage.models.resnet", "ResNet").Class.ShouldBe(GlobalClass.Safe);
        extended.Classify("other", "Thing").Class.ShouldBe(GlobalClass.Safe);
        extended.Classify("other", "Else").Class.ShouldBe(GlobalClass.Unknown);
        extended.Classify("torch", "load").Class.ShouldBe(GlobalClass.Dangerous);
        Policy.Classify("mypackage.models", "Net").Class.ShouldBe(GlobalClass.Unknown);
    }

    [Fact]
    public void Configuration_can_block_more()
    {
        var extended = Policy.WithBlocked(["numpy.core.multiarray._reconstruct"], Severity.Medium);

        extended.Classify("numpy._core.multiarray", "_reconstruct").Severity.ShouldBe(Severity.Medium);
        extended.Classify("numpy._core.multiarray", "_reconstruct").Class.ShouldBe(GlobalClass.Dangerous);
    }

    [Fact]
    public void Every_dangerous_entry_has_a_reason_and_the_file_parses()
    {
        var toml = File.ReadAllText(Path.Combine(Bulwark.Tests.Shared.RepositoryPaths.Root, "src/Bulwark.Ml/ModelFiles/Pickle/pickle-policy.toml"));

        var parsed = GlobalPolicyLoader.Parse(toml, "pickle-policy.toml");

        parsed.Classify("pty", "spawn").Severity.ShouldBe(Severity.Critical);
    }

    [Fact]
    public void Bad_policy_entries_name_the_entry()
    {
        var error = Should.Throw<ConfigException>(() => GlobalPolicyLoader.Parse("[dangerous]\n\"os\" = { severity = \"dire\", reason = \"x\" }\n", "p.toml"));

        error.Message.ShouldContain("'os'");
        error.Message.ShouldContain("dire");
    }
}
