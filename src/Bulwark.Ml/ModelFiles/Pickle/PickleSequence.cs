namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>A tuple, list, set or frozenset: items kept up to <see cref="MaxKept"/>; <see cref="Count"/> is the real size.</summary>
internal sealed class PickleSequence : PickleValue
{
    public const int MaxKept = 100_000;

    private PickleSlot[] _items;
    private int _kept;

    public PickleSequence(string kind, ReadOnlySpan<PickleSlot> items)
    {
        Kind = kind;
        _items = items[..Math.Min(items.Length, MaxKept)].ToArray();
        _kept = _items.Length;
        Count = items.Length;
    }

    public string Kind { get; }

    public long Count { get; private set; }

    /// <summary>The kept items, for the machine.</summary>
    public ReadOnlySpan<PickleSlot> Slots => _items.AsSpan(0, _kept);

    /// <summary>The kept items as values (made when read).</summary>
    public IReadOnlyList<PickleValue> Items => new PickleSlotList(_items, _kept);

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
            items[..take].CopyTo(_items.AsSpan(_kept));
            _kept += take;
        }
        Count += items.Length;
    }
}
