using System.Collections;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// The first <paramref name="count"/> slots of an array seen as PickleValues (items of a sequence, call arguments).
/// Values are made when read, so a call or a render that looks at a few items of a 100,000-item tuple pays for a few.
/// Containers only ever append, so the prefix this view covers never changes.
/// </summary>
internal sealed class PickleSlotList(PickleSlot[] slots, int count) : IReadOnlyList<PickleValue>
{
    public int Count => count;

    public PickleValue this[int index] =>
        (uint)index < (uint)count ? slots[index].ToValue() : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<PickleValue> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return slots[i].ToValue();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
