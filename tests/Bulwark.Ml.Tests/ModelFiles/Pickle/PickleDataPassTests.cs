using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

/// <summary>
/// The data pass proves data pickles, and pickles of objects of globals that are not dangerous, without the machine (or
/// with the machine only up to the first calls a finding shows). Its result must be exactly the machine's: each pickle
/// is scanned from a seekable stream (data pass first) and from a forward-only one (machine only), and the findings,
/// notices and recorded imports compared.
/// </summary>
public sealed class PickleDataPassTests
{
    private static readonly ModelScanLimits TinyMemo = new() { MaxPickleMemo = 8 };

    [Fact]
    public void Generated_data_pickles_are_proved_and_reported_as_the_machine_reports_them()
    {
        var generator = new DataPickleGenerator(new Random(20261130));
        for (var i = 0; i < 1500; i++)
        {
            var bytes = generator.Next();
            // With a tiny memo, stacked pickles are valid too: a key forgotten by one reads as unknown in the next.
            var limits = i % 3 == 0 ? TinyMemo : new ModelScanLimits();

            Prove(bytes, limits).ShouldBeTrue($"case {i}: {Convert.ToHexString(bytes[..Math.Min(bytes.Length, 64)])}");
            ShouldMatchTheMachine(bytes, limits, $"case {i}");
        }
    }

    [Fact]
    public void Generated_object_pickles_are_proved_when_provable_and_reported_as_the_machine_reports_them()
    {
        var generator = new DataPickleGenerator(new Random(20261201), objects: true, hostile: true);
        var (provable, proved) = (0, 0);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = generator.Next();
            var limits = i % 4 == 0 ? TinyMemo : new ModelScanLimits();
            var what = $"case {i}: {Convert.ToHexString(bytes[..Math.Min(bytes.Length, 96)])}";

            var wasProved = Prove(bytes, limits);
            if (generator.Provable && i % 4 != 0)
            {
                // Past a tiny memo a class or name fetched again may be forgotten: the machine then reports it.
                wasProved.ShouldBeTrue(what);
                provable++;
            }
            else if (!generator.Provable)
            {
                wasProved.ShouldBeFalse(what);
            }
            proved += wasProved ? 1 : 0;
            ShouldMatchTheMachine(bytes, limits, what);
        }
        provable.ShouldBeGreaterThan(600);
        proved.ShouldBeGreaterThan(provable);
    }

    [Fact]
    public void Mutated_object_pickles_are_reported_as_the_machine_reports_them()
    {
        var generator = new DataPickleGenerator(new Random(17), objects: true, hostile: true);
        var random = new Random(19);
        var proved = 0;
        for (var i = 0; i < 3000; i++)
        {
            var bytes = PickleMutationTests.Mutate(generator.Next(), random);
            var limits = i % 3 == 0 ? TinyMemo : new ModelScanLimits();

            proved += Prove(bytes, limits) ? 1 : 0;
            ShouldMatchTheMachine(bytes, limits, $"case {i}: {Convert.ToHexString(bytes[..Math.Min(bytes.Length, 96)])}");
        }
        proved.ShouldBeInRange(100, 2900);
    }

    [Fact]
    public void A_list_of_ordered_dicts_is_proved_and_its_import_recorded_once()
    {
        // How pickle.dumps([OrderedDict(id=i) for i in range(3)], protocol=4) writes it: the class once, then fetched.
        var writer = new PickleWriter().Proto(4).Op(PickleOpcode.EmptyList).Memoize().Mark()
            .Unicode("collections").Memoize().Unicode("OrderedDict").Memoize().Op(PickleOpcode.StackGlobal).Memoize()
            .Op(PickleOpcode.EmptyTuple).Reduce().Memoize().Unicode("id").Memoize().Int(0).Op(PickleOpcode.SetItem);
        for (var i = 1; i < 3; i++)
        {
            writer.BinGet(3).Op(PickleOpcode.EmptyTuple).Reduce().Memoize().BinGet(4).Int(i).Op(PickleOpcode.SetItem);
        }
        var bytes = writer.Op(PickleOpcode.Appends).Stop().ToArray();

        Prove(bytes, new ModelScanLimits()).ShouldBeTrue();
        var context = ModelScanHarness.Scan(bytes);
        context.Issues.ShouldBeEmpty();
        context.GlobalReferences.Select(g => $"{g.Qualified} {g.Via} {g.Location}").ShouldBe(["collections.OrderedDict STACK_GLOBAL model.pkl@33"]);
        ShouldMatchTheMachine(bytes, new ModelScanLimits(), "ordered dicts");
    }

    [Fact]
    public void Records_of_an_unknown_class_are_proved_and_the_finding_shows_the_first_call()
    {
        // pickle.dumps([Record(i) for i in range(3)]) for a class of the user's own: NEWOBJ and BUILD a record.
        var writer = new PickleWriter().Proto(4).Op(PickleOpcode.EmptyList).Memoize().Mark()
            .Unicode("mypackage.models").Memoize().Unicode("Record").Memoize().Op(PickleOpcode.StackGlobal).Memoize();
        for (var i = 0; i < 3; i++)
        {
            (i == 0 ? writer : writer.BinGet(3)).Op(PickleOpcode.EmptyTuple).Op(PickleOpcode.NewObj).Memoize()
                .Op(PickleOpcode.EmptyDict).Unicode("id").Int(i).Op(PickleOpcode.SetItem).Build();
        }
        var bytes = writer.Op(PickleOpcode.Appends).Stop().ToArray();

        Prove(bytes, new ModelScanLimits()).ShouldBeTrue();
        var finding = ModelScanHarness.Scan(bytes).ForGlobal("mypackage.models.Record");
        finding.Severity.ShouldBe(Severity.Medium);
        finding.Message.ShouldStartWith("Pickle calls mypackage.models.Record via NEWOBJ at offset 36 with () (3 calls)");
        ShouldMatchTheMachine(bytes, new ModelScanLimits(), "unknown records");
    }

    [Fact]
    public void The_machine_runs_up_to_the_last_first_call_of_an_unknown_global_in_a_stacked_pickle()
    {
        // Two pickles: the first calls one unknown class, the second (after a megabyte of data) imports it again and
        // calls another one with an argument its finding must show.
        var first = new PickleWriter().Proto(4).StackGlobal("mylib", "A").Int(1).Tuple1().Reduce().Stop().ToArray();
        var second = new PickleWriter().Proto(4).Bytes(new byte[1 << 20]).Op(PickleOpcode.Pop)
            .StackGlobal("mylib", "A").Op(PickleOpcode.EmptyTuple).Reduce()
            .StackGlobal("mylib", "B").Unicode("shown").Tuple1().Reduce().Op(PickleOpcode.Tuple2)
            .StackGlobal("mylib", "A").Op(PickleOpcode.EmptyTuple).Reduce().Op(PickleOpcode.Tuple2).Stop().ToArray();
        byte[] bytes = [.. first, .. second];

        Prove(bytes, new ModelScanLimits()).ShouldBeTrue();
        var context = ModelScanHarness.Scan(bytes);
        context.ForGlobal("mylib.A").Message.ShouldContain("with (1,) (3 calls)");
        context.ForGlobal("mylib.B").Message.ShouldContain("with ('shown',)");
        context.GlobalReferences.Count.ShouldBe(4);
        ShouldMatchTheMachine(bytes, new ModelScanLimits(), "stacked unknown calls");
    }

    [Fact]
    public void A_name_whose_bytes_are_far_behind_is_left_to_the_machine()
    {
        // "collections" is a dict value first, then 200 KB of bytes; a STACK_GLOBAL fetches it from the memo. No import
        // read it before, and its bytes are no longer buffered: the pass cannot know the text.
        var bytes = new PickleWriter().Proto(4).Op(PickleOpcode.EmptyDict).Unicode("module").Unicode("collections").Memoize()
            .Op(PickleOpcode.SetItem).Op(PickleOpcode.Pop).Bytes(new byte[200_000]).Op(PickleOpcode.Pop)
            .BinGet(0).Unicode("OrderedDict").Op(PickleOpcode.StackGlobal).Stop().ToArray();

        Prove(bytes, new ModelScanLimits()).ShouldBeFalse();
        var context = ModelScanHarness.Scan(bytes);
        context.Issues.ShouldBeEmpty();
        context.GlobalReferences.ShouldHaveSingleItem().Qualified.ShouldBe("collections.OrderedDict");
        ShouldMatchTheMachine(bytes, new ModelScanLimits(), "name far behind");
    }

    [Fact]
    public void A_name_written_as_data_shortly_before_is_read_again()
    {
        var bytes = new PickleWriter().Proto(4).Op(PickleOpcode.EmptyDict).Unicode("module").Unicode("collections").Memoize()
            .Op(PickleOpcode.SetItem).Op(PickleOpcode.Pop).BinGet(0).Unicode("OrderedDict").Op(PickleOpcode.StackGlobal).Stop().ToArray();

        Prove(bytes, new ModelScanLimits()).ShouldBeTrue();
        ShouldMatchTheMachine(bytes, new ModelScanLimits(), "name shortly before");
    }

    [Fact]
    public void An_allowlisted_callable_the_machine_models_is_left_to_it()
    {
        // pickle.loads of an embedded pickle that runs os.system, with pickle.loads allowed by a (careless) policy: the
        // machine analyzes the embedded bytes, which the pass cannot.
        var policy = GlobalPolicy.Default.WithAllowed(["pickle.loads"]);
        var inner = new PickleWriter().Proto(2).CallGlobal("os", "system", "id").Stop().ToArray();
        var bytes = new PickleWriter().Proto(4).Global("pickle", "loads").Bytes(inner).Tuple1().Reduce().Stop().ToArray();

        Prove(bytes, new ModelScanLimits(), policy).ShouldBeFalse();
        ModelScanHarness.Scan(bytes, globals: policy).ForGlobal("os.system").Severity.ShouldBe(Severity.Critical);
    }

    [Fact]
    public void A_class_stored_past_the_memo_limit_is_still_known()
    {
        // As the machine's memo, the pass keeps imports past the limit (MEMOIZE then uses the entry count, 8): the class
        // fetched again is still a class.
        var writer = new PickleWriter().Proto(4).Op(PickleOpcode.EmptyList).Mark();
        for (var i = 0; i < 12; i++)
        {
            writer.Int(i).Memoize();
        }
        var bytes = writer.Global("collections", "OrderedDict").Memoize().Op(PickleOpcode.EmptyTuple).Reduce()
            .Op(PickleOpcode.LongBinGet).UInt32(8).Op(PickleOpcode.EmptyTuple).Reduce().Op(PickleOpcode.Appends).Stop().ToArray();

        Prove(bytes, TinyMemo).ShouldBeTrue();
        ShouldMatchTheMachine(bytes, TinyMemo, "class past the memo limit");
    }

    [Fact]
    public void A_joblib_array_wrapper_is_left_to_the_machine()
    {
        // Its BUILD is followed by the array's bytes, which only the machine reads.
        var bytes = new PickleWriter().Proto(4).StackGlobal("joblib.numpy_pickle", "NumpyArrayWrapper").Op(PickleOpcode.EmptyTuple)
            .Op(PickleOpcode.NewObj).Stop().ToArray();

        Prove(bytes, new ModelScanLimits()).ShouldBeFalse();
        ShouldMatchTheMachine(bytes, new ModelScanLimits(), "joblib wrapper");
    }

    [Fact]
    public void Mutated_data_pickles_are_reported_as_the_machine_reports_them()
    {
        var generator = new DataPickleGenerator(new Random(7));
        var random = new Random(11);
        var proved = 0;
        for (var i = 0; i < 3000; i++)
        {
            var bytes = PickleMutationTests.Mutate(generator.Next(), random);
            var limits = i % 3 == 0 ? TinyMemo : new ModelScanLimits();

            proved += Prove(bytes, limits) ? 1 : 0;
            ShouldMatchTheMachine(bytes, limits, $"case {i}: {Convert.ToHexString(bytes[..Math.Min(bytes.Length, 64)])}");
        }
        // Both outcomes are exercised: some mutations keep a valid data pickle, most break it.
        proved.ShouldBeInRange(100, 2900);
    }

    [Theory]
    [InlineData("global", "8004" + "63" + "6f730a73797374656d0a" + "2e")]
    [InlineData("stack_global", "8004" + "8c026f73" + "8c0673797374656d" + "93" + "2e")]
    [InlineData("reduce", "8004" + "29" + "29" + "52" + "2e")]
    [InlineData("build on a class", "8004" + "8c0b636f6c6c656374696f6e73" + "8c0b4f726465726564446963" + "74" + "93" + "7d" + "62" + "2e")]
    [InlineData("newobj", "8004" + "29" + "29" + "81" + "2e")]
    [InlineData("dangerous class", "8004" + "8c02" + "6f73" + "8c0673797374656d" + "93" + "29" + "52" + "2e")]
    [InlineData("planted __setstate__", "8004" + "7d" + "8c0c5f5f73657473746174655f5f" + "4b01" + "73" + "2e")]
    [InlineData("ext1", "8004" + "8201" + "2e")]
    [InlineData("binpersid", "8004" + "4b01" + "51" + "2e")]
    [InlineData("protocol 0 int", "4931300a2e")]
    [InlineData("next_buffer", "8005" + "97" + "2e")]
    public void Pickles_that_import_call_or_need_values_are_left_to_the_machine(string what, string hex)
    {
        Prove(Convert.FromHexString(hex), new ModelScanLimits()).ShouldBeFalse(what);
    }

    [Theory]
    [InlineData("truncated string", "8004" + "8c0561")]
    [InlineData("no STOP", "8004" + "4b01")]
    [InlineData("stop on an empty stack", "8004" + "2e")]
    // Each fault is followed by opcodes that would end the pickle cleanly had it not faulted (POP drops a MARK too).
    [InlineData("stack underflow", "8004" + "4b00" + "28" + "4b01" + "87" + "30" + "2e")]
    [InlineData("append to nothing", "8004" + "4b00" + "28" + "4b01" + "61" + "30" + "2e")]
    [InlineData("setitem without a dict below", "8004" + "4b00" + "28" + "4b01" + "4b02" + "73" + "30" + "2e")]
    [InlineData("setitems with nothing below the MARK", "8004" + "4b00" + "28" + "28" + "75" + "30" + "2e")]
    [InlineData("dup of nothing", "8004" + "4b00" + "28" + "32" + "30" + "30" + "2e")]
    [InlineData("odd setitems", "8004" + "7d" + "28" + "4b01" + "75" + "2e")]
    [InlineData("odd dict", "8004" + "28" + "4b01" + "64" + "2e")]
    [InlineData("list without MARK", "8004" + "4b01" + "6c" + "2e")]
    [InlineData("memo key never stored", "8004" + "6805" + "2e")]
    [InlineData("memoize an empty stack", "8004" + "94" + "4b01" + "2e")]
    [InlineData("protocol 6", "8004" + "8006" + "4b01" + "2e")]
    [InlineData("negative BINSTRING length", "8002" + "54ffffffff" + "2e")]
    [InlineData("huge BINBYTES8 length", "8004" + "8effffffffffffffff" + "2e")]
    [InlineData("unknown opcode", "8004" + "4b01" + "ff" + "2e")]
    public void Faults_are_left_to_the_machine(string what, string hex)
    {
        var bytes = Convert.FromHexString(hex);

        Prove(bytes, new ModelScanLimits()).ShouldBeFalse(what);
        ModelScanHarness.Scan(bytes).Issues.ShouldContain(i => i.Rule == PickleRules.Malformed, what);
    }

    [Fact]
    public void The_opcode_and_stack_limits_are_left_to_the_machine()
    {
        var list = new PickleWriter().Proto(4).Op(PickleOpcode.EmptyList).Mark();
        for (var i = 0; i < 50; i++)
        {
            list.Int(i);
        }
        var bytes = list.Op(PickleOpcode.Appends).Stop().ToArray();

        Prove(bytes, new ModelScanLimits()).ShouldBeTrue();
        Prove(bytes, new ModelScanLimits { MaxPickleOpcodes = 40 }).ShouldBeFalse();
        Prove(bytes, new ModelScanLimits { MaxPickleStack = 20 }).ShouldBeFalse();
        ShouldMatchTheMachine(bytes, new ModelScanLimits { MaxPickleOpcodes = 40 }, "opcode limit");
        ShouldMatchTheMachine(bytes, new ModelScanLimits { MaxPickleStack = 20 }, "stack limit");
    }

    [Fact]
    public void A_payload_after_megabytes_of_data_is_still_found()
    {
        var writer = new PickleWriter().Proto(4).Op(PickleOpcode.EmptyList).Memoize();
        for (var batch = 0; batch < 200; batch++)
        {
            writer.Mark();
            for (var i = 0; i < 1000; i++)
            {
                writer.Unicode($"token-{batch}-{i}").Memoize();
            }
            writer.Op(PickleOpcode.Appends);
        }
        var bytes = writer.Op(PickleOpcode.Pop).CallGlobal("os", "system", "id").Stop().ToArray();
        bytes.Length.ShouldBeGreaterThan(3_000_000);

        Prove(bytes, new ModelScanLimits()).ShouldBeFalse();
        ModelScanHarness.Scan(bytes).ForGlobal("os.system").Severity.ShouldBe(Severity.Critical);
    }

    [Fact]
    public void The_memo_overflow_notice_is_the_machines()
    {
        var writer = new PickleWriter().Proto(4).Op(PickleOpcode.EmptyList).Memoize().Mark();
        for (var i = 0; i < 30; i++)
        {
            writer.Unicode($"token-{i}").Memoize();
        }
        // Fetching a key stored past the limit reads as forgotten, not as a fault.
        var bytes = writer.Op(PickleOpcode.Appends).Op(PickleOpcode.LongBinGet).UInt32(20).Op(PickleOpcode.Append).Stop().ToArray();

        Prove(bytes, TinyMemo).ShouldBeTrue();
        var context = ModelScanHarness.Scan(bytes, limits: TinyMemo);
        context.Issues.ShouldBeEmpty();
        context.Notices.ShouldContain(n => n.Message.Contains("memo grew past 8 entries"));
        ShouldMatchTheMachine(bytes, TinyMemo, "memo overflow");
    }

    [Fact]
    public void Bytes_after_the_last_pickle_get_the_machines_notice()
    {
        var bytes = new PickleWriter().Proto(4).Int(1).Stop().Text("this is not a pickle, just text after it").ToArray();

        Prove(bytes, new ModelScanLimits()).ShouldBeTrue();
        ModelScanHarness.Scan(bytes).Notices.ShouldContain(n => n.Message == PickleAnalyzer.TrailingBytesNotice);
        ShouldMatchTheMachine(bytes, new ModelScanLimits(), "trailing bytes");
    }

    private static bool Prove(byte[] bytes, ModelScanLimits limits, GlobalPolicy? policy = null)
    {
        var context = new ModelScanContext(limits, policy ?? GlobalPolicy.Default, new ModelFormatSniffer([]), strict: false);
        var session = new PickleSession(context, new ModelLocation("data.pkl", null, -1), 0, CancellationToken.None);
        using var stream = new MemoryStream(bytes, writable: false);
        return PickleDataPass.TryProve(stream, 0, session) is not null;
    }

    private static void ShouldMatchTheMachine(byte[] bytes, ModelScanLimits limits, string what)
    {
        var withPass = ModelScanHarness.Scan(bytes, name: "data.pkl", limits: limits, seekable: true);
        var machineOnly = ModelScanHarness.Scan(bytes, name: "data.pkl", limits: limits, seekable: false);

        Describe(withPass).ShouldBe(Describe(machineOnly), what);
    }

    private static string[] Describe(ModelScanContext context) =>
    [
        .. context.Issues.Select(i => $"{i.Rule.Id} {i.Severity} {i.Location} {i.Message}"),
        .. context.Notices.Select(n => $"{n.Level} {n.Path} {n.Message}"),
        .. context.GlobalReferences.Select(g => $"{g.Location} {g.Module} {g.Name} {g.Via} {g.Verdict}"),
    ];
}
