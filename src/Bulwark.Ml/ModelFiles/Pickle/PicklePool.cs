using System.Runtime.CompilerServices;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// The dicts and sequences one machine reuses. A container comes back only when the stack slot dropping it was its one
/// holder (<see cref="PickleHolder.Stack"/>), together with the containers it alone held; shared ones are left to the GC.
/// </summary>
internal sealed class PicklePool
{
    /// <summary>Enough for pickle's batches of 1,000 records (each a dict holding a tuple) to be reused as a whole.</summary>
    private const int MaxPooled = 4096;

    // Arrays of sealed types: stores need no covariance check.
    private readonly PickleDict[] _dicts = new PickleDict[MaxPooled];
    private readonly PickleSequence[] _sequences = new PickleSequence[MaxPooled];
    private int _dictCount;
    private int _sequenceCount;

    // Containers waiting to be released with the one that held them: a worklist, not recursion, as nesting depth is the
    // pickle's to choose. Wrapped in a struct so a store needs no array covariance check (the element type is abstract).
    private HeldContainer[] _held = new HeldContainer[16];
    private int _heldCount;

    public PickleDict Dict() => _dictCount > 0 ? Take(_dicts, ref _dictCount) : new PickleDict();

    public PickleSequence Sequence(string kind, Span<PickleSlot> items) =>
        (_sequenceCount > 0 ? Take(_sequences, ref _sequenceCount) : new PickleSequence()).Start(kind, items);

    /// <summary>Called for a slot the stack no longer holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Drop(PickleSlot slot)
    {
        if (slot.Container is { Holder: PickleHolder.Stack } container)
        {
            Recycle(container);
        }
    }

    private static T Take<T>(T[] pool, ref int count)
        where T : class
    {
        var taken = pool[--count];
        pool[count] = null!;
        return taken;
    }

    /// <summary>Called by <see cref="PickleContainer.Release"/> for each container the released one alone held.</summary>
    public void Hold(PickleContainer child)
    {
        if (_heldCount == _held.Length)
        {
            Array.Resize(ref _held, 2 * _held.Length);
        }
        _held[_heldCount++].Container = child;
    }

    private void Recycle(PickleContainer container)
    {
        var next = container;
        while (true)
        {
            next.Release(this);
            if (next is PickleDict dict)
            {
                if (_dictCount < MaxPooled)
                {
                    _dicts[_dictCount++] = dict;
                }
            }
            else if (_sequenceCount < MaxPooled)
            {
                _sequences[_sequenceCount++] = (PickleSequence)next;
            }
            if (_heldCount == 0)
            {
                return;
            }
            next = _held[--_heldCount].Container;
            _held[_heldCount].Container = null!;
        }
    }

    private struct HeldContainer
    {
        public PickleContainer Container;
    }
}
