namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>A tuple, list, set or frozenset: items kept up to <see cref="MaxKept"/>; <see cref="Count"/> is the real size.</summary>
internal sealed class PickleSequence : PickleContainer
{
    public const int MaxKept = 100_000;

    public string Kind { get; private set; } = "tuple";

    public long Count { get; private set; }

    /// <summary>The kept items as values (made when read). The view refers to this sequence, so it is shared from now on.</summary>
    public IReadOnlyList<PickleValue> Items
    {
        get
        {
            Share();
            return new PickleSlotList(SlotArray, KeptCount);
        }
    }

    /// <summary>Gives a new or reused (released, so empty) sequence its kind and first items.</summary>
    public PickleSequence Start(string kind, Span<PickleSlot> items)
    {
        Kind = kind;
        Count = 0;
        Add(items);
        return this;
    }

    /// <summary>APPEND(S)/ADDITEMS: moves in what fits under the bound and counts the rest. Returns how many were kept.</summary>
    public int Add(Span<PickleSlot> items)
    {
        Count += items.Length;
        return Keep(items, MaxKept);
    }
}
