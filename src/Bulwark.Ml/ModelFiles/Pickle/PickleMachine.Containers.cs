using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>Tuples, lists, dicts, sets, and the memo.</summary>
internal sealed partial class PickleMachine
{
    /// <summary>What a memo reference returns once the value was not remembered (see <see cref="ModelScanLimits.MaxPickleMemo"/>).</summary>
    private static readonly PickleSlot Forgotten = PickleSlot.Of(new PickleUnknown("a memo value not remembered (memo limit)"));

    /// <summary>TUPLE1/2/3: the top <paramref name="count"/> values become one tuple.</summary>
    private void Tuple(int count)
    {
        var start = _depth - count;
        if (start < 0)
        {
            throw Invalid("stack underflow");
        }
        // The tuple took all of them (off the stack), and goes where the first was.
        var tuple = _pool.Sequence("tuple", Above(start));
        _stack[start] = PickleSlot.Of(tuple);
        _depth = start + 1;
    }

    /// <summary>TUPLE/LIST/FROZENSET: the items above the topmost MARK, kept up to the bound.</summary>
    private PickleSequence Sequence(string kind)
    {
        var frame = PopFrame();
        var sequence = _pool.Sequence(kind, frame.Items);
        Drop(frame, Math.Min(frame.Count, PickleSequence.MaxKept));
        return sequence;
    }

    /// <summary>DICT: the pairs above the topmost MARK in a new dict.</summary>
    private PickleDict Dict()
    {
        var frame = PopFrame();
        var dict = _pool.Dict();
        MoveInto(dict, frame);
        return dict;
    }

    /// <summary>
    /// APPEND(S)/ADDITEMS: on a non-list CPython calls the object's append/extend/add, which its class defines. Returns
    /// how many items the target kept.
    /// </summary>
    private static int AddItems(PickleSlot target, Span<PickleSlot> items) =>
        target.Sequence?.Add(items) ?? 0;

    /// <summary>SETITEMS: the pairs above the topmost MARK go into the dict below it.</summary>
    private void SetItemsAtMark()
    {
        var frame = PopFrame();
        MoveInto(Top().Dict, frame);
    }

    /// <summary>
    /// The pairs of a popped frame go into <paramref name="dict"/> (none when the target is not a dict: CPython calls
    /// its __setitem__, which its class defines). A dict still empty and held by the stack alone takes the frame's
    /// array as its own; otherwise (a memoized dict is kept for good, so it gets an array of its size) they are copied.
    /// </summary>
    private void MoveInto(PickleDict? dict, Frame frame)
    {
        if (frame.Count % 2 != 0)
        {
            throw Invalid("odd number of items");
        }
        if (dict is not null && dict.TakeOver(frame.Slots, frame.Count) is { } previous)
        {
            Spare(previous);
            return;
        }
        Drop(frame, dict?.Add(frame.Items) ?? 0);
    }

    /// <summary>APPENDS/ADDITEMS: the items above the topmost MARK go into the list or set below it.</summary>
    private void AddItemsAtMark()
    {
        var frame = PopFrame();
        Drop(frame, AddItems(Top(), frame.Items));
    }

    private void Append()
    {
        var item = Pop();
        if (AddItems(Top(), new Span<PickleSlot>(ref item)) == 0)
        {
            _pool.Drop(item);
        }
    }

    private void SetItem()
    {
        var start = _depth - 2;
        if (start < 0)
        {
            throw Invalid("stack underflow");
        }
        Cut(start, SetItems(Below(start), Above(start)));
    }

    private int SetItems(PickleSlot target, Span<PickleSlot> items) => SetItems(target.Dict, items);

    /// <summary>Returns how many of <paramref name="items"/> the dict kept.</summary>
    private int SetItems(PickleDict? dict, Span<PickleSlot> items)
    {
        if (items.Length % 2 != 0)
        {
            throw Invalid("odd number of items");
        }
        return dict?.Add(items) ?? 0;
    }

    /// <summary>MEMOIZE: stores the top under the next key (the entry count, as CPython's memo length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Memoize() => Store(memo.Count);

    private long ParseMemoKey(ReadOnlySpan<byte> line) =>
        long.TryParse(Encoding.Latin1.GetString(line).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)
            ? key
            : throw Invalid("memo key is not a decimal integer");

    /// <summary>
    /// MEMOIZE/PUT: remembers the top. Past the memo limit (a big data pickle memoizes every object) a value other
    /// than an import is not remembered: that case is decided here, inlined, so most of a big pickle's opcodes
    /// never make a call for it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Store(long key)
    {
        if (memo.Overflowed && key >= 0 && !Top().IsImport && !memo.ContainsKey(key))
        {
            return;
        }
        Remember(key);
    }

    private void Remember(long key)
    {
        if (key < 0)
        {
            throw Invalid("negative memo key");
        }
        var value = Top();
        if (memo.Count < _limits.MaxPickleMemo || memo.ContainsKey(key))
        {
            value.Share();
            memo.Set(key, value);
            return;
        }
        if (!memo.Overflowed)
        {
            memo.Overflowed = true;
            session.Notice(NoticeLevel.Info, _opcodeOffset, MemoOverflowNotice(_limits, _opcodeOffset));
        }
        // Globals stay resolvable (a class saved once is fetched for every later instance); they are few.
        if (value.IsImport && memo.Count < 2L * _limits.MaxPickleMemo)
        {
            memo.Set(key, value);
        }
    }

    /// <summary>Reported once per stream whose memo outgrows the limit (also by <see cref="PickleDataPass"/>).</summary>
    internal static string MemoOverflowNotice(ModelScanLimits limits, long offset) =>
        $"the pickle memo grew past {limits.MaxPickleMemo:N0} entries at offset {offset}; from here only imported globals are remembered, other memo references read as unknown";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Fetch(long key)
    {
        if (memo.TryGetValue(key, out var value))
        {
            Push(value);
        }
        else if (memo.Overflowed)
        {
            Push(Forgotten);
        }
        else
        {
            throw Invalid($"memo key {key} was never stored");
        }
    }
}
