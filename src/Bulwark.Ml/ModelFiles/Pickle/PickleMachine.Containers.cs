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

    private bool _memoOverflowed;

    /// <summary>TUPLE1/2/3: the top <paramref name="count"/> values.</summary>
    private PickleSequence Tuple(int count)
    {
        var start = _depth - count;
        if (start < _fence)
        {
            throw Invalid("stack underflow");
        }
        var tuple = _pool.Sequence("tuple", Above(start));
        Cut(start);
        return tuple;
    }

    /// <summary>TUPLE/LIST/FROZENSET: the items above the topmost MARK, kept up to the bound.</summary>
    private PickleSequence Sequence(string kind)
    {
        var fence = PopFence();
        var sequence = _pool.Sequence(kind, Above(fence));
        Cut(fence);
        return sequence;
    }

    private PickleDict Dict()
    {
        var fence = PopFence();
        var dict = _pool.Dict();
        SetItems(dict, Above(fence));
        Cut(fence);
        return dict;
    }

    /// <summary>APPEND(S)/ADDITEMS: on a non-list CPython calls the object's append/extend/add, which its class defines.</summary>
    private static void AddItems(PickleSlot target, ReadOnlySpan<PickleSlot> items) =>
        target.Sequence?.Add(items);

    private void SetItem()
    {
        var start = _depth - 2;
        if (start < _fence)
        {
            throw Invalid("stack underflow");
        }
        SetItems(Below(start), Above(start));
        Cut(start);
    }

    private void SetItems(PickleSlot target, ReadOnlySpan<PickleSlot> items) => SetItems(target.Dict, items);

    private void SetItems(PickleDict? dict, ReadOnlySpan<PickleSlot> items)
    {
        if (items.Length % 2 != 0)
        {
            throw Invalid("odd number of items");
        }
        dict?.Add(items);
    }

    private long ParseMemoKey(ReadOnlySpan<byte> line) =>
        long.TryParse(Encoding.Latin1.GetString(line).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)
            ? key
            : throw Invalid("memo key is not a decimal integer");

    private void Store(long key)
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
        if (!_memoOverflowed)
        {
            _memoOverflowed = true;
            session.Notice(NoticeLevel.Info, _opcodeOffset,
                $"the pickle memo grew past {_limits.MaxPickleMemo:N0} entries at offset {_opcodeOffset}; from here only imported globals are remembered, other memo references read as unknown");
        }
        // Globals stay resolvable (a class saved once is fetched for every later instance); they are few.
        if (value.IsImport && memo.Count < 2L * _limits.MaxPickleMemo)
        {
            memo.Set(key, value);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Fetch(long key)
    {
        if (memo.TryGetValue(key, out var value))
        {
            Push(value);
        }
        else if (_memoOverflowed)
        {
            Push(Forgotten);
        }
        else
        {
            throw Invalid($"memo key {key} was never stored");
        }
    }
}
