using System.Runtime.CompilerServices;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// The stack, as one frame per open MARK. The values above the topmost MARK are all an opcode can reach, so they are
/// the top frame's array; MARK starts a new one. That array is handed whole to the dict a SETITEMS fills (no copy):
/// a data pickle's values are then written once, where the dict keeps them, and the array comes back as a frame once
/// the dict is dropped.
/// </summary>
internal sealed partial class PickleMachine
{
    /// <summary>The length a frame's array first grows to (a record's fields fit).</summary>
    private const int FrameSlots = 16;

    /// <summary>Spare frame arrays kept for reuse.</summary>
    private const int MaxSpareFrames = 64;

    private readonly int _maxStack = session.Context.Limits.MaxPickleStack;

    /// <summary>The top frame: the values above the topmost MARK (the whole stack while no MARK is open).</summary>
    private PickleSlot[] _stack = new PickleSlot[Math.Clamp(session.Context.Limits.MaxPickleStack, 0, 64)];
    private int _depth;

    /// <summary>Slots of <see cref="_stack"/> that may be filled: fewer than its length when the stack limit is nearer.</summary>
    private int _capacity = Math.Clamp(session.Context.Limits.MaxPickleStack, 0, 64);

    /// <summary>The frames below the top one, one per open MARK, and how many values they hold together.</summary>
    private Frame[] _frames = new Frame[16];
    private int _markCount;
    private long _below;

    private readonly PickleSlot[]?[] _spareFrames = new PickleSlot[MaxSpareFrames][];
    private int _spareCount;
    private readonly PicklePool _pool = new();

    // Push, Pop and Top run for nearly every opcode: small inlined fast paths, growth and errors out of line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(PickleSlot value)
    {
        var slots = _stack;
        var depth = _depth;
        if (depth < _capacity)
        {
            slots[depth] = value;
            _depth = depth + 1;
        }
        else
        {
            PushGrowing(value);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(PickleValue value) => Push(PickleSlot.Of(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(PickleContainer value) => Push(PickleSlot.Of(value));

    /// <summary>Grows the top frame, within the limit on the values of all frames together.</summary>
    private void PushGrowing(PickleSlot value)
    {
        if (_below + _depth >= _maxStack)
        {
            throw Invalid($"the stack exceeds {_maxStack} entries");
        }
        if (_stack.Length == 0)
        {
            // A frame's first value: a spare array, else the smallest one (nested MARKs, one value each, must not cost
            // much more than the values themselves).
            _stack = _spareCount > 0 ? TakeSpareFrame() : new PickleSlot[1];
        }
        else if (_depth == _stack.Length)
        {
            Array.Resize(ref _stack, (int)Math.Min(Math.Max(FrameSlots, 2L * _stack.Length), _maxStack - _below));
        }
        _capacity = Capacity(_stack);
        _stack[_depth++] = value;
    }

    /// <summary>The slots of <paramref name="frame"/> a push may fill: all, unless the stack limit comes first.</summary>
    private int Capacity(PickleSlot[] frame) => (int)Math.Min(frame.Length, _maxStack - _below);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PickleSlot Pop()
    {
        var depth = _depth - 1;
        if (depth < 0)
        {
            throw Invalid("stack underflow");
        }
        var slots = _stack;
        var value = slots[depth];
        slots[depth] = default;
        _depth = depth;
        return value;
    }

    /// <summary>POP: the top value, or (CPython pops a MARK the same way) everything above the topmost MARK and it.</summary>
    private void PopOne()
    {
        if (_depth > 0)
        {
            _pool.Drop(Pop());
        }
        else
        {
            Drop(PopFrame());
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PickleSlot Top() => _depth > 0 ? _stack[_depth - 1] : throw Invalid("stack underflow");

    private void ReplaceTop(PickleSlot value) => _stack[_depth - 1] = value;

    /// <summary>MARKs count against the stack limit too: a stream of MARKs alone must not grow memory without bound.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Mark()
    {
        var count = _markCount;
        if (count >= _frames.Length || count >= _maxStack)
        {
            GrowFrames();
        }
        _frames[count] = new Frame(_stack, _depth);
        _markCount = count + 1;
        _below += _depth;
        // The array comes with the first push: a stream of MARKs alone must cost no more than the MARK count.
        _stack = [];
        _depth = 0;
        _capacity = 0;
    }

    private void GrowFrames()
    {
        if (_markCount >= _maxStack)
        {
            throw Invalid($"more than {_maxStack} MARKs are open");
        }
        Array.Resize(ref _frames, (int)Math.Min(2L * _frames.Length, _maxStack));
    }

    private PickleSlot[] TakeSpareFrame()
    {
        var frame = _spareFrames[--_spareCount]!;
        _spareFrames[_spareCount] = null;
        return frame;
    }

    /// <summary>
    /// Removes the topmost MARK and returns the values above it (still in their frame, which is no longer the stack's);
    /// the frame below becomes the top again. The caller moves or drops them with <see cref="Drop(Frame, int)"/>.
    /// </summary>
    private Frame PopFrame()
    {
        if (_markCount == 0)
        {
            throw Invalid("no MARK on the stack");
        }
        var popped = new Frame(_stack, _depth);
        var below = _frames[--_markCount];
        _frames[_markCount] = default;
        _stack = below.Slots;
        _depth = below.Count;
        _below -= below.Count;
        _capacity = Capacity(_stack);
        return popped;
    }

    /// <summary>
    /// Done with a popped frame: its first <paramref name="moved"/> values were moved into a container (their slots are
    /// clear); the others are dropped: containers only they held are reused, and their slots cleared for the GC. The
    /// array is kept for a later MARK.
    /// </summary>
    private void Drop(Frame frame, int moved = 0)
    {
        var slots = frame.Slots;
        for (var i = moved; i < frame.Count; i++)
        {
            _pool.Drop(slots[i]);
            slots[i] = default;
        }
        Spare(slots);
    }

    /// <summary>Keeps an empty array for a later frame (small ones only: a huge one would stay pinned).</summary>
    private void Spare(PickleSlot[] slots)
    {
        if (_spareCount < MaxSpareFrames && slots.Length is > 0 and <= 4096)
        {
            _spareFrames[_spareCount++] = slots;
        }
    }

    /// <summary>The top frame's values from <paramref name="start"/> up (those an opcode like TUPLE3 or SETITEM takes).</summary>
    private Span<PickleSlot> Above(int start) => _stack.AsSpan(start, _depth - start);

    /// <summary>The value just below <paramref name="start"/> in the top frame (the dict SETITEM extends).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PickleSlot Below(int start) => start > 0 ? _stack[start - 1] : throw Invalid("stack underflow");

    /// <summary>
    /// Pops the top frame's values from <paramref name="start"/> up. The first <paramref name="moved"/> of them were just
    /// moved into a container (their slots are clear); the others are dropped (see <see cref="Drop(Frame, int)"/>).
    /// </summary>
    private void Cut(int start, int moved = 0)
    {
        var stack = _stack;
        var depth = _depth;
        for (var i = start + moved; i < depth; i++)
        {
            _pool.Drop(stack[i]);
            stack[i] = default;
        }
        _depth = start;
    }

    /// <summary>INST/OBJ: the values above the topmost MARK, popped, in object form.</summary>
    private PickleValue[] PopMark()
    {
        var frame = PopFrame();
        var items = new PickleValue[frame.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = frame.Slots[i].ToValue();
        }
        Drop(frame);
        return items;
    }

    /// <summary>A frame's array and the values in it.</summary>
    private readonly record struct Frame(PickleSlot[] Slots, int Count)
    {
        public Span<PickleSlot> Items => Slots.AsSpan(0, Count);
    }
}
