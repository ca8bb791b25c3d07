using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

/// <summary>The memo's dense part (sequential keys) and sparse part (hand-picked keys) behave as one map.</summary>
public sealed class PickleMemoTests
{
    private static PickleSlot Text(string text) => PickleSlot.Text(text, false);

    [Fact]
    public void Sequential_sparse_and_overwritten_keys_all_resolve()
    {
        var memo = new PickleMemo();
        for (var key = 0; key < 1000; key++)
        {
            memo.Set(key, Text($"v{key}"));
        }
        memo.Set(1L << 40, Text("far"));
        memo.Set(-5, Text("negative"));
        memo.Set(7, Text("again"));

        memo.Count.ShouldBe(1002);
        memo.TryGetValue(999, out var last).ShouldBeTrue();
        last.String.ShouldBe("v999");
        memo.TryGetValue(7, out var replaced).ShouldBeTrue();
        replaced.String.ShouldBe("again");
        memo.TryGetValue(1L << 40, out var far).ShouldBeTrue();
        far.String.ShouldBe("far");
        memo.ContainsKey(-5).ShouldBeTrue();
        memo.ContainsKey(1000).ShouldBeFalse();
        memo.ContainsKey(long.MaxValue).ShouldBeFalse();
    }

    [Fact]
    public void A_key_stored_sparse_stays_one_entry_once_the_dense_range_reaches_it()
    {
        var memo = new PickleMemo();
        memo.Set(5000, Text("early"));
        for (var key = 0; key < 6000; key++)
        {
            memo.Set(key, Text($"v{key}"));
        }

        memo.Count.ShouldBe(6000);
        memo.TryGetValue(5000, out var value).ShouldBeTrue();
        value.String.ShouldBe("v5000");
        memo.Count(entry => entry.Key == 5000).ShouldBe(1);
    }

    [Fact]
    public void Keys_spread_far_apart_all_resolve_and_no_key_between_them_does()
    {
        var memo = new PickleMemo();
        for (var i = 0; i < 10_000; i++)
        {
            memo.Set(i * 1024L, Text("x"));
        }

        memo.Count.ShouldBe(10_000);
        memo.ShouldAllBe(entry => entry.Key % 1024 == 0);
        memo.TryGetValue(9_999 * 1024L, out _).ShouldBeTrue();
        memo.TryGetValue(1024 + 1, out _).ShouldBeFalse();
    }
}
