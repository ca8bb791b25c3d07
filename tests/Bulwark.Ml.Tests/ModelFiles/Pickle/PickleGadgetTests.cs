using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

public sealed class PickleGadgetTests
{
    [Fact]
    public void Getattr_on_an_imported_module_resolves_to_the_function_it_fetches()
    {
        // getattr(__import__('os'), 'system')('id')
        var bytes = new PickleWriter().Proto(2)
            .Global("builtins", "getattr").CallGlobal("builtins", "__import__", "os").Unicode("system").Tuple2().Reduce()
            .Unicode("id").Tuple1().Reduce().Stop().ToArray();

        var context = ModelScanHarness.Scan(bytes);

        var call = context.ForGlobal("os.system");
        call.Severity.ShouldBe(Severity.Critical);
        call.Message.ShouldContain("reached through builtins.getattr");
        call.Message.ShouldContain("('id',)");
        context.ForGlobal("builtins.getattr").Severity.ShouldBe(Severity.Critical);
    }

    [Fact]
    public void Getattr_of_eval_on_builtins_is_resolved()
    {
        var bytes = new PickleWriter().Proto(4)
            .StackGlobal("builtins", "getattr").Global("builtins", "dict").Unicode("__class__").Tuple2().Reduce().Stop().ToArray();

        ModelScanHarness.Scan(bytes).ForGlobal("builtins.dict.__class__").Severity.ShouldBe(Severity.Critical);
    }

    [Fact]
    public void Attrgetter_applied_to_a_module_resolves()
    {
        // operator.attrgetter('system')(importlib.import_module('posix'))('id')
        var bytes = new PickleWriter().Proto(2)
            .CallGlobal("_operator", "attrgetter", "system").CallGlobal("importlib", "import_module", "posix").Tuple1().Reduce()
            .Unicode("id").Tuple1().Reduce().Stop().ToArray();

        var context = ModelScanHarness.Scan(bytes);

        context.ForGlobal("posix.system").Message.ShouldContain("reached through operator.attrgetter");
        context.ForGlobal("_operator.attrgetter").Severity.ShouldBe(Severity.Critical);
    }

    [Fact]
    public void Partial_forwards_its_bound_arguments_to_the_target()
    {
        var bytes = new PickleWriter().Proto(2)
            .Global("functools", "partial").Global("os", "system").Unicode("id").Op(PickleOpcode.Tuple2).Reduce()
            .Op(PickleOpcode.EmptyTuple).Reduce().Stop().ToArray();

        var call = ModelScanHarness.Scan(bytes).ForGlobal("os.system");

        call.Properties["opcode"].ShouldBe("REDUCE (partial)");
        call.Message.ShouldContain("('id',)");
    }

    [Fact]
    public void A_dangerous_global_only_referenced_is_still_reported()
    {
        var bytes = new PickleWriter().Proto(2).Op(PickleOpcode.EmptyDict).Unicode("hook").Global("os", "system").Op(PickleOpcode.SetItem).Stop().ToArray();

        ModelScanHarness.Scan(bytes).ForGlobal("os.system").Message.ShouldContain("without calling it directly");
    }

    [Fact]
    public void Special_attributes_in_a_name_are_critical_even_below_a_safe_function()
    {
        var bytes = new PickleWriter().Proto(4).StackGlobal("torch._utils", "_rebuild_tensor_v2.__globals__").Stop().ToArray();

        ModelScanHarness.Scan(bytes).ForGlobal("torch._utils._rebuild_tensor_v2.__globals__").Severity.ShouldBe(Severity.Critical);
    }

    [Fact]
    public void Unknown_globals_are_medium_and_high_when_strict()
    {
        var bytes = new PickleWriter().Proto(2).Global("mypackage.models", "Net").Op(PickleOpcode.EmptyTuple).Reduce().Stop().ToArray();

        ModelScanHarness.Scan(bytes).ForGlobal("mypackage.models.Net").Severity.ShouldBe(Severity.Medium);
        var strict = ModelScanHarness.Scan(bytes, strict: true).ForGlobal("mypackage.models.Net");
        strict.Severity.ShouldBe(Severity.High);
        strict.Rule.ShouldBe(PickleRules.UnknownGlobal);
    }

    [Fact]
    public void Every_global_is_recorded_for_listing()
    {
        var bytes = new PickleWriter().Proto(2).Global("collections", "OrderedDict").Op(PickleOpcode.Pop).CallGlobal("os", "system", "id").Stop().ToArray();

        var globals = ModelScanHarness.Scan(bytes).GlobalReferences;

        globals.Select(g => g.Qualified).ShouldBe(["collections.OrderedDict", "os.system"]);
        globals[0].Verdict.Class.ShouldBe(Bulwark.Ml.ModelFiles.GlobalClass.Safe);
        globals[1].Via.ShouldBe("GLOBAL");
    }
}
