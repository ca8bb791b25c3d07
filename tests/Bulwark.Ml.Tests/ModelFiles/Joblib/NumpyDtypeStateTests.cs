using System.Diagnostics;
using Bulwark.Ml.ModelFiles.Joblib;
using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Joblib;

public sealed class NumpyDtypeStateTests
{
    /// <summary>
    /// A structured dtype whose 200 fields all have the same nested dtype (shared through the pickle memo), eight
    /// levels deep: walked naively that is 200^8 visits; each object must be evaluated once.
    /// </summary>
    private static PickleObject Nested(int depth, string leafType)
    {
        var dtype = new PickleObject(new PickleGlobal("numpy", "dtype", 0, "GLOBAL"), [new PickleString(depth == 8 ? leafType : "V8", false)], 0);
        if (depth == 8)
        {
            return dtype;
        }
        var field = new PickleSequence().Start("tuple", [PickleSlot.Of(Nested(depth + 1, leafType)), PickleSlot.Int(0)]);
        var fields = new PickleDict();
        var pairs = new List<PickleSlot>();
        for (var i = 0; i < 200; i++)
        {
            pairs.Add(PickleSlot.Text("f" + i, truncated: false));
            pairs.Add(PickleSlot.Of(field));
        }
        fields.Add(pairs.ToArray());
        dtype.State = new PickleSequence().Start("tuple",
            [PickleSlot.Int(3), PickleSlot.Text("|", false), PickleSlot.None, PickleSlot.None, PickleSlot.Of(fields), PickleSlot.Int(8), PickleSlot.Int(1), PickleSlot.Int(0)]);
        return dtype;
    }

    [Theory]
    [InlineData("<f8", false)]
    [InlineData("|O", true)]
    public void Shared_nested_fields_are_evaluated_once(string leafType, bool hasObjects)
    {
        var dtype = Nested(0, leafType);
        var watch = Stopwatch.StartNew();
        var state = NumpyDtypeState.From(dtype);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        state.HasObjects.ShouldBe(hasObjects);
        state.ItemSize.ShouldBe(8);
    }
}
