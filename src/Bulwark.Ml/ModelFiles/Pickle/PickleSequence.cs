namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>A tuple, list, set or frozenset: items kept up to <see cref="MaxKept"/>; <see cref="Count"/> is the real size.</summary>
internal sealed class PickleSequence : PickleContainer
{
    public const int MaxKept = 100_000;

    private PickleSlot[] _items = [];
    private int _kept;

    public string Kind { get; private set; } = "tuple";

    public long Count { get; private set; }

    public override ReadOnlySpan<PickleSlot> Slots => _items.AsSpan(0, _kept);

    /// <summary>The kept items as values (made when read). The view refers to this sequence, so it is shared from now on.</summary>
    public IReadOnlyList<PickleValue> Items
    {
        get
        {
            Share();
            return new PickleSlotList(_items, _kept);
        }
    }

    /// <summary>Gives a new or reused sequence its kind and first items.</summary>
    public PickleSequence Start(string kind, ReadOnlySpan<PickleSlot> items)
    {
        Kind = kind;
        Add(items);
        return this;
    }

    /// <summary>APPEND(S)/ADDITEMS: keeps what fits under the bound and counts the rest.</summary>
    public void Add(ReadOnlySpan<PickleSlot> items)
    {
        var take = Math.Min(items.Length, MaxKept - _kept);
        if (take > 0)
        {
            if (_kept + take > _items.Length)
            {
                Array.Resize(ref _items, Math.Min(MaxKept, Math.Max(_kept + take, 2 * _items.Length)));
            }
            CopySlots(items[..take], _items.AsSpan(_kept));
            Adopt(items[..take]);
            _kept += take;
        }
        Count += items.Length;
    }

    public override void Reset()
    {
        if (_items.Length > MaxReusedSlots)
        {
            _items = [];
        }
        else
        {
            _items.AsSpan(0, _kept).Clear();
        }
        _kept = 0;
        Count = 0;
        Renew();
    }
}
