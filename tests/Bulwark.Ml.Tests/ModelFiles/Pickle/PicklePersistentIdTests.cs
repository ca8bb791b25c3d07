using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

/// <summary>Persistent ids (torch's storages use BINPERSID) are resolved as unknown values and never stop the analysis.</summary>
public sealed class PicklePersistentIdTests
{
    [Fact]
    public void Persid_and_binpersid_are_executed_and_a_later_payload_is_found()
    {
        var bytes = new PickleWriter().Proto(2)
            .Op(PickleOpcode.PersId).Text("storage-0\n")
            .Mark().Unicode("storage").Global("torch", "FloatStorage").Unicode("0").Unicode("cpu").Int(4)
            .Op(PickleOpcode.Tuple).Op(PickleOpcode.BinPersId)
            .Op(PickleOpcode.Tuple2).Op(PickleOpcode.Pop)
            .CallGlobal("os", "system", "id").Stop().ToArray();

        var context = ModelScanHarness.Scan(new PickleWriter().Raw(bytes).ToArray());

        context.ForGlobal("os.system").Severity.ShouldBe(Severity.Critical);
        context.Issues.ShouldNotContain(i => i.Rule == PickleRules.Malformed);
    }
}
