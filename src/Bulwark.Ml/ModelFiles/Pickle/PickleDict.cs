namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>A dict: entries in insertion order, kept up to <see cref="MaxKept"/>; key and value slots one after the other.</summary>
internal sealed class PickleDict : PickleContainer
{
    public const int MaxKept = 100_000;

    /// <summary>The entries as values (made when read). The view refers to this dict, so it is shared from now on.</summary>
    public IReadOnlyList<KeyValuePair<PickleValue, PickleValue>> Entries
    {
        get
        {
            Share();
            return new PickleEntryList(SlotArray, KeptCount / 2);
        }
    }

    /// <summary>
    /// SETITEM(S)/DICT: moves in <paramref name="pairs"/>, keys and values alternately (an even count). Returns how
    /// many of them were kept (the rest are past the bound and stay where they were).
    /// </summary>
    public int Add(Span<PickleSlot> pairs) => Keep(pairs, 2 * MaxKept);

    /// <summary>SETITEMS into an empty dict: the stack frame holding the pairs becomes the dict's array (see the base).</summary>
    public PickleSlot[]? TakeOver(PickleSlot[] frame, int count) => TakeOver(frame, count, 2 * MaxKept);

    /// <summary>The value of the first entry whose key is the str <paramref name="key"/>.</summary>
    public PickleValue? Get(string key)
    {
        var slots = Slots;
        for (var i = 0; i < slots.Length; i += 2)
        {
            if (string.Equals(slots[i].String, key, StringComparison.Ordinal))
            {
                return slots[i + 1].ToValue();
            }
        }
        return null;
    }
}
