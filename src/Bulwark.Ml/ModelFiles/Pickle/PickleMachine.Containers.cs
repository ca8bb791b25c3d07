using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>Tuples, lists, dicts, sets, and the memo.</summary>
internal sealed partial class PickleMachine
{
    /// <summary>What a memo reference returns once the value was not remembered (see <see cref="ModelScanLimits.MaxPickleMemo"/>).</summary>
    private static readonly PickleValue Forgotten = new PickleUnknown("a memo value not remembered (memo limit)");

    private bool _memoOverflowed;

[MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ExecuteContainer(PickleOpcode opcode)
    {
        switch (opcode)
        {
            case PickleOpcode.EmptyTuple:
                Push(new PickleSequence("tuple", []));
                break;
            case PickleOpcode.Tuple:
                Push(Sequence("tuple"));
                break;
            case PickleOpcode.Tuple1:
            case PickleOpcode.Tuple2:
            case PickleOpcode.Tuple3:
                var count = opcode - PickleOpcode.Tuple1 + 1;
                if (_depth - _fence < count)
                {
                    throw Invalid("stack underflow");
                }
                List<PickleValue> items = [.. Above(_depth - count)];
                Cut(_depth - count);
                Push(new PickleSequence("tuple", items));
                break;
            case PickleOpcode.EmptyList:
                Push(new PickleSequence("list", []));
                break;
            case PickleOpcode.List:
                Push(Sequence("list"));
                break;
            case PickleOpcode.EmptySet:
                Push(new PickleSequence("set", []));
                break;
            case PickleOpcode.FrozenSet:
                Push(Sequence("frozenset"));
                break;
            case PickleOpcode.Append:
                var item = Pop();
                AddItems(Top(), new ReadOnlySpan<PickleValue>(in item));
                break;
            case PickleOpcode.Appends:
            case PickleOpcode.AddItems:
                var appended = PopFence();
                AddItems(Below(appended), Above(appended));
                Cut(appended);
                break;
            case PickleOpcode.EmptyDict:
                Push(new PickleDict());
                break;
            case PickleOpcode.Dict:
                var pairs = PopFence();
                var dict = new PickleDict();
                SetItems(dict, Above(pairs));
                Cut(pairs);
                Push(dict);
                break;
            case PickleOpcode.SetItem:
                if (_depth - _fence < 2)
                {
                    throw Invalid("stack underflow");
                }
                SetItems(Below(_depth - 2), Above(_depth - 2));
                Cut(_depth - 2);
                break;
            case PickleOpcode.SetItems:
                var entries = PopFence();
                SetItems(Below(entries), Above(entries));
                Cut(entries);
                break;
            default:
                return false;
        }
        return true;
    }

    /// <summary>TUPLE/LIST/FROZENSET: the items above the topmost MARK, kept up to the bound.</summary>
    private PickleSequence Sequence(string kind)
    {
        var fence = PopFence();
        var above = Above(fence);
        List<PickleValue> items = [.. above[..Math.Min(above.Length, MaxContainerItems)]];
        Cut(fence);
        return new PickleSequence(kind, items) { Count = above.Length };
    }

    /// <summary>APPEND(S)/ADDITEMS: on a non-list CPython calls the object's append/extend/add, which its class defines.</summary>
    private static void AddItems(PickleValue target, ReadOnlySpan<PickleValue> items)
    {
        if (target is PickleSequence sequence)
        {
            var room = Math.Max(0, MaxContainerItems - sequence.Items.Count);
            sequence.Items.AddRange(items[..Math.Min(items.Length, room)]);
            sequence.Count += items.Length;
        }
    }

    private void SetItems(PickleValue target, ReadOnlySpan<PickleValue> items)
    {
        if (items.Length % 2 != 0)
        {
            throw Invalid("odd number of items");
        }
        if (target is PickleDict dict)
        {
            var pairs = Math.Min(items.Length / 2, MaxContainerItems - dict.Entries.Length);
            for (var i = 0; i < pairs; i++)
            {
                dict.Add(items[2 * i], items[(2 * i) + 1], pairs - i);
            }
        }
    }

    private long ParseMemoKey(ReadOnlySpan<byte> line) =>
        long.TryParse(Encoding.Latin1.GetString(line).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)
            ? key
            : throw Invalid("memo key is not a decimal integer");

[MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Store(long key)
    {
        if (key < 0)
        {
            throw Invalid("negative memo key");
        }
        var value = Top();
        if (memo.Count < _limits.MaxPickleMemo || memo.ContainsKey(key))
        {
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
        if (value is PickleGlobal or PickleModule && memo.Count < 2L * _limits.MaxPickleMemo)
        {
            memo.Set(key, value);
        }
    }

[MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
