namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>A mutable container value (a dict or a sequence) that the machine may reuse, see <see cref="PickleHolder"/>.</summary>
internal abstract class PickleContainer : PickleValue
{
    /// <summary>Arrays longer than this are not kept by a reused container (a huge list must not stay pinned by the pool).</summary>
    protected const int MaxReusedSlots = 64;

    public PickleHolder Holder { get; private set; }

    /// <summary>The kept slots (a dict's keys and values alternate).</summary>
    public abstract ReadOnlySpan<PickleSlot> Slots { get; }

    /// <summary>Marks this container as possibly referred to from anywhere: it is never reused.</summary>
    public void Share() => Holder = PickleHolder.Shared;

    /// <summary>Empties a container that nothing refers to any more, for reuse as a fresh stack value.</summary>
    public abstract void Reset();

    /// <summary>Called with the slots a container just kept: a container taken over from the stack now has this one holder.</summary>
    protected static void Adopt(ReadOnlySpan<PickleSlot> kept)
    {
        foreach (var slot in kept)
        {
            if (slot.Container is { Holder: PickleHolder.Stack } child)
            {
                child.Holder = PickleHolder.Parent;
            }
        }
    }

    protected void Renew() => Holder = PickleHolder.Stack;

    /// <summary>
    /// Copies slots one by one: a span copy of values holding references goes through the runtime's bulk copy, whose
    /// fixed cost dominated the three-item tuples and four-entry dicts data pickles are made of.
    /// </summary>
    protected static void CopySlots(ReadOnlySpan<PickleSlot> from, Span<PickleSlot> to)
    {
        if (from.Length > 16)
        {
            from.CopyTo(to);
            return;
        }
        to = to[..from.Length];
        for (var i = 0; i < from.Length; i++)
        {
            to[i] = from[i];
        }
    }
}
