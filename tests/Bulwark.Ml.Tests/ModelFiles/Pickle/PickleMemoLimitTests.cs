using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

/// <summary>Big data pickles memoize everything: past the memo limit the analysis goes on, failing closed.</summary>
public sealed class PickleMemoLimitTests
{
    private static readonly ModelScanLimits TinyMemo = new() { MaxPickleMemo = 8 };

    /// <summary>A list of <paramref name="strings"/> memoized strings, as pickle.dumps writes for a list of str.</summary>
    private static PickleWriter ManyStrings(PickleWriter writer, int strings)
    {
        writer.Op(PickleOpcode.EmptyList).Memoize().Mark();
        for (var i = 0; i < strings; i++)
        {
            writer.Unicode($"token-{i}").Memoize();
        }
        return writer.Op(PickleOpcode.Appends);
    }

    [Fact]
    public void Analysis_continues_past_the_memo_limit_and_still_finds_a_later_payload()
    {
        var bytes = ManyStrings(new PickleWriter().Proto(4), 50).Op(PickleOpcode.Pop).CallGlobal("os", "system", "id").Stop().ToArray();

        var context = ModelScanHarness.Scan(bytes, limits: TinyMemo);

        context.ForGlobal("os.system").Severity.ShouldBe(Severity.Critical);
        context.Issues.ShouldNotContain(i => i.Rule == PickleRules.Malformed);
        context.Notices.ShouldContain(n => n.Message.Contains("memo grew past 8 entries"));
    }

    [Fact]
    public void A_global_built_from_a_forgotten_memo_value_is_reported_as_dynamic()
    {
        // "os" is memoized after the limit, so fetching it back yields an unknown value: fail closed.
        var writer = ManyStrings(new PickleWriter().Proto(4), 20).Op(PickleOpcode.Pop)
            .Unicode("os").BinPut(200).Op(PickleOpcode.Pop)
            .BinGet(200).Unicode("system").Op(PickleOpcode.StackGlobal)
            .Unicode("id").Tuple1().Reduce().Stop();

        var context = ModelScanHarness.Scan(writer.ToArray(), limits: TinyMemo);

        context.Issues.ShouldContain(i => i.Rule == PickleRules.DynamicGlobal && i.Severity >= Severity.High);
    }

    [Fact]
    public void Globals_stay_resolvable_after_the_limit()
    {
        // A class memoized after the limit and fetched again for a second call is still known by name.
        var writer = ManyStrings(new PickleWriter().Proto(4), 20).Op(PickleOpcode.Pop)
            .Global("os", "system").BinPut(201).Op(PickleOpcode.Pop)
            .BinGet(201).Unicode("id").Tuple1().Reduce().Stop();

        var context = ModelScanHarness.Scan(writer.ToArray(), limits: TinyMemo);

        context.ForGlobal("os.system").Severity.ShouldBe(Severity.Critical);
    }

    [Fact]
    public void A_stacked_pickle_reads_a_key_forgotten_by_an_earlier_one_as_unknown()
    {
        // The memo is the stream's: CPython would have key 20 in the second pickle, so it is not a fault there either.
        var bytes = ManyStrings(new PickleWriter().Proto(4), 30).Stop()
            .Proto(4).Op(PickleOpcode.LongBinGet).UInt32(20).Stop().ToArray();

        var context = ModelScanHarness.Scan(bytes, limits: TinyMemo);

        context.Issues.ShouldBeEmpty();
        context.Notices.Count(n => n.Message.Contains("memo grew past 8 entries")).ShouldBe(1);
    }
}
