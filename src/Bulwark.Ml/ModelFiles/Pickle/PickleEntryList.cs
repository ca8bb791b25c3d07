using System.Collections;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// The first <paramref name="count"/> entries of a dict, stored as key and value slots one after the other, seen as
/// PickleValue pairs made when read. Dicts only ever append, so the prefix this view covers never changes.
/// </summary>
internal sealed class PickleEntryList(PickleSlot[] slots, int count) : IReadOnlyList<KeyValuePair<PickleValue, PickleValue>>
{
    public int Count => count;

    public KeyValuePair<PickleValue, PickleValue> this[int index] =>
        (uint)index < (uint)count
            ? new(slots[2 * index].ToValue(), slots[(2 * index) + 1].ToValue())
            : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<PickleValue, PickleValue>> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
