using System.Runtime.CompilerServices;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>The stack and its MARK fences.</summary>
internal sealed partial class PickleMachine
{
    private readonly int _maxStack = session.Context.Limits.MaxPickleStack;

    // The stack and the MARK fences are plain arrays: MARK-delimited items are read in place (no copies per opcode).
    private PickleSlot[] _stack = new PickleSlot[Math.Clamp(session.Context.Limits.MaxPickleStack, 0, 64)];
    private int _depth;

    /// <summary>Stack index of the topmost MARK (0 without one): values below it cannot be popped.</summary>
    private int _fence;
    private int[] _marks = new int[16];
    private int _markCount;
    private readonly PicklePool _pool = new();

    // Push, Pop and Top run for nearly every opcode: small inlined fast paths, growth and errors out of line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(PickleSlot value)
    {
        var slots = _stack;
        var depth = _depth;
        if ((uint)depth < (uint)slots.Length)
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

    /// <summary>The stack array never outgrows the limit, so a full array at the limit is the limit.</summary>
    private void PushGrowing(PickleSlot value)
    {
        if (_depth >= _maxStack)
        {
            throw Invalid($"the stack exceeds {_maxStack} entries");
        }
        Array.Resize(ref _stack, (int)Math.Min(Math.Max(16, 2L * _stack.Length), _maxStack));
        _stack[_depth++] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PickleSlot Pop()
    {
        var depth = _depth - 1;
        if (depth < _fence)
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
        if (_depth > _fence)
        {
            _pool.Drop(Pop());
        }
        else
        {
            Cut(PopFence());
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PickleSlot Top() => _depth > _fence ? _stack[_depth - 1] : throw Invalid("stack underflow");

    private void ReplaceTop(PickleSlot value) => _stack[_depth - 1] = value;

    /// <summary>MARKs count against the stack limit too: a stream of MARKs alone must not grow memory without bound.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Mark()
    {
        var count = _markCount;
        if (count < _marks.Length && count < _maxStack)
        {
            _marks[count] = _depth;
            _markCount = count + 1;
            _fence = _depth;
        }
        else
        {
            MarkGrowing();
        }
    }

    private void MarkGrowing()
    {
        if (_markCount >= _maxStack)
        {
            throw Invalid($"more than {_maxStack} MARKs are open");
        }
        Array.Resize(ref _marks, (int)Math.Min(2L * _marks.Length, _maxStack));
        _marks[_markCount++] = _depth;
        _fence = _depth;
    }

    /// <summary>Removes the topmost MARK; the items above it stay readable through <see cref="Above"/> until <see cref="Cut"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PopFence()
    {
        if (_markCount == 0)
        {
            throw Invalid("no MARK on the stack");
        }
        var fence = _marks[--_markCount];
        _fence = _markCount == 0 ? 0 : _marks[_markCount - 1];
        return fence;
    }

    private Span<PickleSlot> Above(int fence) => _stack.AsSpan(fence, _depth - fence);

    /// <summary>The value just below a popped MARK (the list or dict that APPENDS/SETITEMS extend).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PickleSlot Below(int fence) => fence > _fence ? _stack[fence - 1] : throw Invalid("stack underflow");

    /// <summary>
    /// Pops the values from <paramref name="fence"/> up. The first <paramref name="moved"/> of them were just moved into
    /// a container (their slots are clear); the others are dropped: containers only they held are reused, and their
    /// slots cleared for the GC.
    /// </summary>
    private void Cut(int fence, int moved = 0)
    {
        var stack = _stack;
        var depth = _depth;
        for (var i = fence + moved; i < depth; i++)
        {
            _pool.Drop(stack[i]);
            stack[i] = default;
        }
        _depth = fence;
    }

    /// <summary>INST/OBJ: the values above the topmost MARK, popped, in object form.</summary>
    private PickleValue[] PopMark()
    {
        var fence = PopFence();
        var above = Above(fence);
        var items = new PickleValue[above.Length];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = above[i].ToValue();
        }
        Cut(fence);
        return items;
    }
}
