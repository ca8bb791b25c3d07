namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// A mutable container value (a dict or a sequence) that the machine may reuse, see <see cref="PickleHolder"/>. The
/// slots live here, not in the two kinds, so the machine's hot paths (keep, release) are plain calls.
/// </summary>
internal abstract class PickleContainer : PickleValue
{
    /// <summary>Arrays longer than this are not kept by a reused container (a huge list must not stay pinned by the pool).</summary>
    private const int MaxReusedSlots = 64;

    private PickleSlot[] _slots = [];
    private int _kept;

    // The containers taken over from the stack (see Keep): a release looks for them only when there are several,
    // and a record's dict holding one tuple is the common case.
    private int _adoptedCount;
    private PickleContainer? _adopted;

    public PickleHolder Holder { get; private set; }

    /// <summary>The kept slots (a dict's keys and values alternate).</summary>
    public ReadOnlySpan<PickleSlot> Slots => _slots.AsSpan(0, _kept);

    /// <summary>The array behind <see cref="Slots"/> (for views over the kept prefix, which never changes: containers only grow).</summary>
    protected PickleSlot[] SlotArray => _slots;

    protected int KeptCount => _kept;

    /// <summary>Marks this container as possibly referred to from anywhere: it is never reused.</summary>
    public void Share() => Holder = PickleHolder.Shared;

    /// <summary>
    /// Moves as many of <paramref name="items"/> (slots the stack is dropping) as fit under <paramref name="maxKept"/>
    /// into this container, clearing their stack slots, and returns that count. Slot by slot, taking over the stack's
    /// containers among them in the same pass: a container the stack alone held now has this one holder. (A span copy
    /// of values holding references goes through the runtime's bulk copy, whose fixed cost dominated the three-item
    /// tuples and four-entry dicts data pickles are made of.)
    /// </summary>
    protected int Keep(Span<PickleSlot> items, int maxKept)
    {
        var kept = _kept;
        var take = Math.Min(items.Length, maxKept - kept);
        if (take <= 0)
        {
            return 0;
        }
        if (kept + take > _slots.Length)
        {
            Array.Resize(ref _slots, Math.Min(maxKept, Math.Max(kept + take, 2 * _slots.Length)));
        }
        items = items[..take];
        foreach (var slot in items)
        {
            if (slot.Container is { Holder: PickleHolder.Stack } child)
            {
                child.Holder = PickleHolder.Parent;
                _adopted = child;
                _adoptedCount++;
            }
        }
        // A separate pass with few values live, so the write barrier each store calls does not spill them.
        var slots = _slots;
        for (var i = 0; i < items.Length; i++)
        {
            slots[kept + i] = items[i];
            items[i] = default;
        }
        _kept = kept + take;
        return take;
    }

    /// <summary>
    /// Takes <paramref name="slots"/>, a popped stack frame holding <paramref name="count"/> values, as this container's
    /// own array (its items, and the stack's containers among them, as <see cref="Keep"/> takes them) when this one is
    /// empty, held by the stack alone (nothing else sees its array), and the array small. Returns the array it had,
    /// for the stack to reuse, or null when it did not take it (the caller copies instead).
    /// </summary>
    protected PickleSlot[]? TakeOver(PickleSlot[] slots, int count, int maxKept)
    {
        if (_kept != 0 || Holder != PickleHolder.Stack || slots.Length > MaxReusedSlots || count > maxKept)
        {
            return null;
        }
        for (var i = 0; i < count; i++)
        {
            if (slots[i].Container is { Holder: PickleHolder.Stack } child)
            {
                child.Holder = PickleHolder.Parent;
                _adopted = child;
                _adoptedCount++;
            }
        }
        var previous = _slots;
        _slots = slots;
        _kept = count;
        return previous;
    }

    /// <summary>
    /// Empties a container nothing refers to any more, for reuse as a fresh stack value, handing the containers it
    /// alone held to <paramref name="pool"/> (they are reused with it). One pass that also clears the slots for the GC.
    /// </summary>
    public void Release(PicklePool pool)
    {
        var slots = _slots.AsSpan(0, _kept);
        if (_adoptedCount == 1)
        {
            // Still held by this one only unless something shared it since.
            if (_adopted!.Holder == PickleHolder.Parent)
            {
                pool.Hold(_adopted);
            }
        }
        else if (_adoptedCount > 1)
        {
            foreach (var slot in slots)
            {
                if (slot.Container is { Holder: PickleHolder.Parent } child)
                {
                    pool.Hold(child);
                }
            }
        }
        _adopted = null;
        _adoptedCount = 0;
        if (_slots.Length > MaxReusedSlots)
        {
            _slots = [];
        }
        else
        {
            // Slot by slot: the few slots of the small containers reused here are cleared faster than by a call.
            for (var i = 0; i < slots.Length; i++)
            {
                slots[i] = default;
            }
        }
        _kept = 0;
        Holder = PickleHolder.Stack;
    }
}
