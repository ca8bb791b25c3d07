using System.Text;
using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

/// <summary>
/// The machine's shortcuts for data pickles (arguments read straight from the buffer, strings kept encoded) must give
/// exactly what the checked path gives, wherever an opcode falls in the stream.
/// </summary>
public sealed class PickleFastPathTests
{
    [Fact]
    public void The_fast_opcode_table_maps_each_opcode_to_the_member_of_its_name()
    {
        for (var value = 0; value < 256; value++)
        {
            var expected = Enum.IsDefined((PickleOpcode)value) && Enum.TryParse<PickleMachine.FastOpcode>(((PickleOpcode)value).ToString(), out var fast)
                ? fast
                : PickleMachine.FastOpcode.Other;
            ((PickleMachine.FastOpcode)PickleMachine.FastOpcodes[value]).ShouldBe(expected, $"opcode 0x{value:x2}");
        }
    }

    [Fact]
    public void Opcodes_straddling_a_buffer_refill_read_the_same_as_anywhere_else()
    {
        // Filler of every length around the reader's 64 KB buffer puts each byte of the payload on the refill boundary.
        var argument = new string('x', 60);
        for (var shift = 0; shift < 300; shift++)
        {
            var writer = new PickleWriter().Proto(4)
                .Op(PickleOpcode.BinUnicode).UInt32((uint)(65_300 + shift)).Raw(new byte[65_300 + shift]).Op(PickleOpcode.Pop)
                .Unicode("os").Memoize().Unicode("system").Memoize().Op(PickleOpcode.StackGlobal)
                .Unicode(argument).Op(PickleOpcode.BinFloat).Raw(0x3F, 0xF8, 0, 0, 0, 0, 0, 0).Op(PickleOpcode.Tuple2)
                .Reduce().Op(PickleOpcode.Pop).BinGet(0).BinGet(1).Op(PickleOpcode.Tuple2).Stop();

            var context = ModelScanHarness.Scan(writer.ToArray());

            context.Issues.Count.ShouldBe(1, $"shift {shift}");
            context.ForGlobal("os.system").Message.ShouldContain($"('{argument}', 1.5)", Case.Sensitive, $"shift {shift}");
        }
    }

    [Fact]
    public void Strings_kept_encoded_decode_as_they_would_have_been_read()
    {
        var arena = new PickleTextArena();
        byte[][] samples = [[0x6f, 0x73], [0xff, 0xfe, 0x41], [0xc3, 0xa9], [], [.. Enumerable.Repeat((byte)'a', 1000)]];
        var kept = new List<(byte[] Bytes, PickleSlot Utf8, PickleSlot Latin1)>();
        for (var round = 0; round < 200; round++)
        {
            foreach (var bytes in samples)
            {
                kept.Add((bytes, arena.Keep(bytes, latin1: false), arena.Keep(bytes, latin1: true)));
            }
        }

        foreach (var (bytes, utf8, latin1) in kept)
        {
            utf8.String.ShouldBe(Encoding.UTF8.GetString(bytes));
            latin1.String.ShouldBe(Encoding.Latin1.GetString(bytes));
            ((PickleString)utf8.ToValue()).Text.ShouldBe(Encoding.UTF8.GetString(bytes));
        }
    }

    [Fact]
    public void Short_strings_held_in_the_slot_itself_decode_as_they_would_have_been_read()
    {
        // Lengths on both sides of the inline limit, NUL bytes (the packing's zero bits must not shorten a string),
        // and UTF-8 sequences cut short or invalid (decoded to U+FFFD exactly as a read str is).
        var arena = new PickleTextArena();
        var random = new Random(4);
        for (var round = 0; round < 2_000; round++)
        {
            var bytes = new byte[round % (PickleSlot.MaxShortText + 3)];
            random.NextBytes(bytes);
            if (round % 5 == 0 && bytes.Length > 0)
            {
                bytes[^1] = 0;
            }
            if (round % 7 == 0 && bytes.Length > 1)
            {
                bytes[0] = 0xE2;
                bytes[1] = 0x82;
            }

            var utf8 = arena.Keep(bytes, latin1: false);
            var latin1 = arena.Keep(bytes, latin1: true);

            utf8.String.ShouldBe(Encoding.UTF8.GetString(bytes), $"round {round}");
            latin1.String.ShouldBe(Encoding.Latin1.GetString(bytes), $"round {round}");
            ((PickleString)utf8.ToValue()).Text.ShouldBe(Encoding.UTF8.GetString(bytes), $"round {round}");
            ((PickleString)latin1.ToValue()).Truncated.ShouldBeFalse();
        }
    }

    [Fact]
    public void A_global_named_by_short_strings_fetched_from_the_memo_is_resolved()
    {
        // Module and name fetched from the memo, pushed as inline short strings: the import is read from them.
        var writer = new PickleWriter().Proto(4)
            .Unicode("posix").Memoize().Unicode("system").Memoize().Op(PickleOpcode.Pop).Op(PickleOpcode.Pop)
            .BinGet(0).BinGet(1).Op(PickleOpcode.StackGlobal).Unicode("id").Op(PickleOpcode.Tuple1).Reduce().Stop();

        var context = ModelScanHarness.Scan(writer.ToArray());

        var issue = context.ForGlobal("posix.system");
        ((int)issue.Severity).ShouldBeGreaterThanOrEqualTo((int)Bulwark.Core.Findings.Severity.High);
        issue.Message.ShouldContain("'id'", Case.Sensitive);
    }
}
