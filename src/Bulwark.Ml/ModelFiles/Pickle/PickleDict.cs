namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>A dict: entries in insertion order, kept up to <see cref="MaxKept"/>.</summary>
internal sealed class PickleDict : PickleContainer
{
    public const int MaxKept = 100_000;

    /// <summary>Key and value slots one after the other: one array a dict (data pickles hold millions of small ones).</summary>
    private PickleSlot[] _slots = [];
    private int _used;

    public override ReadOnlySpan<PickleSlot> Slots => _slots.AsSpan(0, _used);

    /// <summary>The entries as values (made when read). The view refers to this dict, so it is shared from now on.</summary>
    public IReadOnlyList<KeyValuePair<PickleValue, PickleValue>> Entries
    {
        get
        {
            Share();
            return new PickleEntryList(_slots, _used / 2);
        }
    }

    /// <summary>SETITEM(S)/DICT: <paramref name="pairs"/> holds keys and values alternately (an even count).</summary>
    public void Add(ReadOnlySpan<PickleSlot> pairs)
    {
        var take = Math.Min(pairs.Length, (2 * MaxKept) - _used);
        if (take <= 0)
        {
            return;
        }
        if (_used + take > _slots.Length)
        {
            Array.Resize(ref _slots, Math.Min(2 * MaxKept, Math.Max(_used + take, 2 * _slots.Length)));
        }
        CopySlots(pairs[..take], _slots.AsSpan(_used));
        Adopt(pairs[..take]);
        _used += take;
    }

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

    public override void Reset()
    {
        if (_slots.Length > MaxReusedSlots)
        {
            _slots = [];
        }
        else
        {
            _slots.AsSpan(0, _used).Clear();
        }
        _used = 0;
        Renew();
    }
}
