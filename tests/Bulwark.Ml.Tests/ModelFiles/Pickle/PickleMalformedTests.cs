using System.Diagnostics;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

public sealed class PickleMalformedTests
{
    [Fact]
    public void A_truncated_pickle_is_reported_with_its_offset_and_what_came_before_is_kept()
    {
        var bytes = PickleWriter.OsSystem()[..^3];

        var context = ModelScanHarness.Scan(bytes);

        context.Single(PickleRules.Malformed).Message.ShouldContain("truncated pickle at offset 46");
        context.ForGlobal("os.system").Message.ShouldContain("imports os.system");
    }

    [Fact]
    public void An_unknown_opcode_is_reported()
    {
        var bytes = new PickleWriter().Proto(2).Op(PickleOpcode.NewTrue).Raw(0xFF).Stop().ToArray();

        ModelScanHarness.Scan(bytes).Single(PickleRules.Malformed).Message.ShouldContain("unknown opcode 0xff at offset 3");
    }

    [Theory]
    [InlineData(0x8d)]
    [InlineData(0x8e)]
    [InlineData(0x96)]
    public void Huge_declared_lengths_are_not_allocated(byte opcode)
    {
        var bytes = new PickleWriter().Proto(4).Raw(opcode).UInt64(1UL << 60).Raw(new byte[100]).Stop().ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var context = ModelScanHarness.Scan(bytes);

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(8L << 20);
        context.Single(PickleRules.Malformed).Message.ShouldContain("truncated");
    }

    [Fact]
    public void A_stream_of_marks_past_the_stack_limit_stops_the_analysis()
    {
        var writer = new PickleWriter().Proto(2);
        for (var i = 0; i < 100; i++)
        {
            writer.Op(PickleOpcode.Mark);
        }

        ModelScanHarness.Scan(writer.Stop().ToArray(), limits: new ModelScanLimits { MaxPickleStack = 50 })
            .Single(PickleRules.Malformed).Message.ShouldContain("MARK at offset 52: more than 50 MARKs are open");
    }

    [Fact]
    public void Deep_stacks_past_the_stack_limit_stop_the_analysis()
    {
        var writer = new PickleWriter().Proto(2);
        for (var i = 0; i < 100; i++)
        {
            writer.Op(PickleOpcode.NewTrue);
        }

        ModelScanHarness.Scan(writer.Stop().ToArray(), limits: new ModelScanLimits { MaxPickleStack = 70 })
            .Single(PickleRules.Malformed).Message.ShouldContain("NEWTRUE at offset 72: the stack exceeds 70 entries");
    }

    [Fact]
    public void The_stack_limit_counts_the_values_below_every_mark()
    {
        // 30 values, a MARK, 30 more, a MARK, then more: the limit is on all of them, whichever MARK they are above.
        var writer = new PickleWriter().Proto(2);
        for (var i = 0; i < 100; i++)
        {
            if (i is 30 or 60)
            {
                writer.Mark();
            }
            writer.Op(PickleOpcode.NewTrue);
        }

        ModelScanHarness.Scan(writer.Stop().ToArray(), limits: new ModelScanLimits { MaxPickleStack = 70 })
            .Single(PickleRules.Malformed).Message.ShouldContain("NEWTRUE at offset 74: the stack exceeds 70 entries");
    }

    [Fact]
    public void Nested_marks_holding_one_value_each_cost_little_memory()
    {
        // Each MARK opens a frame of the stack: an attacker nesting many must not make each cost much more than its value.
        const int Depth = 100_000;
        var writer = new PickleWriter().Proto(2);
        for (var i = 0; i < Depth; i++)
        {
            writer.Mark().Op(PickleOpcode.None);
        }
        var bytes = writer.Stop().ToArray();

        var before = GC.GetAllocatedBytesForCurrentThread();
        ModelScanHarness.Scan(bytes).Issues.ShouldBeEmpty();
        var perLevel = (GC.GetAllocatedBytesForCurrentThread() - before - bytes.Length) / Depth;

        perLevel.ShouldBeLessThan(128);
    }

    [Fact]
    public void A_memo_key_never_stored_stops_the_analysis()
    {
        var bytes = new PickleWriter().Proto(2).BinGet(9).Stop().ToArray();

        ModelScanHarness.Scan(bytes).Single(PickleRules.Malformed).Message.ShouldContain("memo key 9 was never stored");
    }

    [Fact]
    public void Stack_underflow_is_reported()
    {
        var bytes = new PickleWriter().Proto(2).Mark().Reduce().Stop().ToArray();

        ModelScanHarness.Scan(bytes).Single(PickleRules.Malformed).Message.ShouldContain("stack underflow");
    }

    [Fact]
    public void Opcode_limit_stops_endless_streams()
    {
        var writer = new PickleWriter().Proto(2).Op(PickleOpcode.None);
        for (var i = 0; i < 2000; i++)
        {
            writer.Op(PickleOpcode.Dup).Op(PickleOpcode.Pop);
        }
        var limits = new ModelScanLimits { MaxPickleOpcodes = 1000 };

        ModelScanHarness.Scan(writer.Stop().ToArray(), limits: limits).Single(PickleRules.Malformed).Message.ShouldContain("more than 1000 opcodes");
    }

    [Fact]
    public void Byte_limit_is_reported_as_such()
    {
        var bytes = new PickleWriter().Proto(3).Bytes(new byte[5000]).Op(PickleOpcode.Pop).Stop().ToArray();

        ModelScanHarness.Scan(bytes, limits: new ModelScanLimits { MaxPickleBytes = 1000 })
            .Single(PickleRules.Malformed).Message.ShouldContain("1000-byte limit");
    }

    [Fact]
    public void Long_protocol_0_lines_are_read_through_and_do_not_hide_what_follows()
    {
        var longString = "S'" + new string('a', 100_000) + "'\n";
        var bytes = new PickleWriter().Text(longString).Op(PickleOpcode.Pop).Text("cos\nsystem\n(S'id'\ntR.").ToArray();

        ModelScanHarness.Scan(bytes, name: "x.bin").ForGlobal("os.system").Message.ShouldContain("'id'");
    }

    [Fact]
    public void Large_bytes_payloads_are_skipped_quickly()
    {
        var writer = new PickleWriter().Proto(4).Op(PickleOpcode.EmptyList).Mark();
        var chunk = new byte[4 << 20];
        for (var i = 0; i < 16; i++)
        {
            writer.Op(PickleOpcode.BinBytes8).UInt64((ulong)chunk.Length).Raw(chunk);
        }
        var bytes = writer.Op(PickleOpcode.Appends).Stop().ToArray();
        var clock = Stopwatch.StartNew();

        var context = ModelScanHarness.Scan(bytes, seekable: false);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        context.Issues.ShouldBeEmpty();
    }
}
