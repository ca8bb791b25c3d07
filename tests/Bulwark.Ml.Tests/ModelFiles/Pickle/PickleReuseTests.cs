using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

/// <summary>
/// The machine reuses dicts and tuples only the stack held once they are dropped; a container held anywhere else
/// (memo, DUP, call arguments, another kept container) must keep its contents while later ones are reused.
/// </summary>
public sealed class PickleReuseTests
{
    /// <summary>Builds and drops dicts and tuples with other contents, so any wrongly reused container is overwritten.</summary>
    private static PickleWriter Churn(PickleWriter writer)
    {
        for (var i = 0; i < 4; i++)
        {
            writer.Op(PickleOpcode.EmptyDict).Unicode("x").Int(i).Op(PickleOpcode.SetItem).Op(PickleOpcode.Pop)
                .Unicode("y").Tuple1().Op(PickleOpcode.Pop);
        }
        return writer;
    }

    private static PickleWriter OrderedDict(PickleWriter writer) =>
        writer.Global("collections", "OrderedDict").Op(PickleOpcode.EmptyTuple).Reduce();

    private static PickleWriter PlantingState(PickleWriter writer) =>
        writer.Op(PickleOpcode.EmptyDict).Unicode("__setstate__").Global("os", "system").Op(PickleOpcode.SetItem);

    private static void ShouldCallSystemThroughPlantedSetState(byte[] bytes)
    {
        var call = ModelScanHarness.Scan(bytes).ForGlobal("os.system");
        call.Properties["opcode"].ShouldBe("BUILD (__setstate__)");
        call.Message.ShouldContain("('id',)");
    }

    [Fact]
    public void A_memoized_dict_keeps_its_entries_while_later_dicts_are_reused()
    {
        var writer = PlantingState(OrderedDict(new PickleWriter().Proto(4))).Memoize().Op(PickleOpcode.Pop);
        var bytes = Churn(writer).BinGet(0).Build().Unicode("id").Build().Stop().ToArray();

        ShouldCallSystemThroughPlantedSetState(bytes);
    }

    [Fact]
    public void A_duplicated_dict_keeps_its_entries_when_one_copy_is_popped()
    {
        var writer = PlantingState(OrderedDict(new PickleWriter().Proto(4))).Op(PickleOpcode.Dup).Op(PickleOpcode.Pop);
        var bytes = Churn(writer).Build().Unicode("id").Build().Stop().ToArray();

        ShouldCallSystemThroughPlantedSetState(bytes);
    }

    [Fact]
    public void A_dict_inside_a_memoized_tuple_keeps_its_entries()
    {
        // BUILD state (None, {'__setstate__': os.system}): the dict is held by the tuple, the tuple by the memo.
        var writer = OrderedDict(new PickleWriter().Proto(4)).Op(PickleOpcode.None);
        writer = PlantingState(writer).Tuple2().Memoize().Op(PickleOpcode.Pop);
        var bytes = Churn(writer).BinGet(0).Build().Unicode("id").Build().Stop().ToArray();

        ShouldCallSystemThroughPlantedSetState(bytes);
    }

    [Fact]
    public void Bound_arguments_of_a_partial_survive_the_reuse_of_later_tuples()
    {
        var writer = new PickleWriter().Proto(4)
            .Global("functools", "partial").Global("os", "system").Unicode("id").Tuple2().Reduce();
        var bytes = Churn(writer).Op(PickleOpcode.EmptyTuple).Reduce().Stop().ToArray();

        var call = ModelScanHarness.Scan(bytes).ForGlobal("os.system");

        call.Properties["opcode"].ShouldBe("REDUCE (partial)");
        call.Message.ShouldContain("('id',)");
    }

    [Fact]
    public void A_dropped_dict_comes_back_with_the_tuple_it_alone_held()
    {
        var pool = new PicklePool();
        var tuple = pool.Sequence("tuple", [PickleSlot.Int(1)]);
        var dict = pool.Dict();
        dict.Add([PickleSlot.Text("tags", false), PickleSlot.Of(tuple)]);

        pool.Drop(PickleSlot.Of(dict));

        var reused = pool.Dict();
        reused.ShouldBeSameAs(dict);
        reused.Slots.Length.ShouldBe(0);
        var reusedTuple = pool.Sequence("list", []);
        reusedTuple.ShouldBeSameAs(tuple);
        reusedTuple.Kind.ShouldBe("list");
        reusedTuple.Count.ShouldBe(0);
    }

    [Fact]
    public void A_shared_container_is_never_reused()
    {
        var pool = new PicklePool();
        var dict = pool.Dict();
        var slot = PickleSlot.Of(dict);
        slot.Share();

        pool.Drop(slot);

        pool.Dict().ShouldNotBeSameAs(dict);
        dict.Holder.ShouldBe(PickleHolder.Shared);
    }
}
